import IEDriveCore

extension ReaderServer {
    func open(_ opening: VolumeOpening, id: UInt32) throws(ReplyChannelClosed) {
        let volume: NTFSVolume
        do throws(ReaderFailure) {
            switch opening.encryption {
            case .none:
                volume = try NTFSVolume(deviceFD: deviceFD, offset: opening.offset, size: opening.size)
            case .bitLocker(let key):
                let unlocked = try BitLockerUnlocker.unlock(deviceFD: deviceFD, volumeOffset: opening.offset, recoveryPassword: key)
                volume = try NTFSVolume(bitLocker: unlocked)
            }
        } catch {
            return try fail(error, id: id)
        }
        state = .open(volume)
        let info = volume.info
        ReaderLog.write("opened \(opening): NTFS of \(info.volumeSize) bytes, label '\(info.label)'"
            + (info.encrypted ? ", unlocked in \(info.unlockMilliseconds) ms" : ""))
        try replies.send(info.frame(id: id))
    }

    func stat(_ path: String, on volume: NTFSVolume, id: UInt32) throws(ReplyChannelClosed) {
        try answer(id) { () throws(ReaderFailure) in try volume.entry(at: path).frame(id: id) }
    }

    func map(_ path: String, on volume: NTFSVolume, id: UInt32) throws(ReplyChannelClosed) {
        try answer(id) { () throws(ReaderFailure) in try volume.extents(of: path).frame(id: id) }
    }

    /// Answers request `id` with the one frame `body` makes, or with its failure.
    private func answer(_ id: UInt32, _ body: () throws(ReaderFailure) -> ReaderFrame) throws(ReplyChannelClosed) {
        let frame: ReaderFrame
        do throws(ReaderFailure) {
            frame = try body()
        } catch {
            return try fail(error, id: id)
        }
        try replies.send(frame)
    }

    func list(_ path: String, on volume: NTFSVolume, id: UInt32) throws(ReplyChannelClosed) {
        let entries: [VolumeEntry]
        do throws(ReaderFailure) {
            entries = try volume.list(path)
        } catch {
            return try fail(error, id: id)
        }
        var batch: [VolumeEntry] = []
        var bytes = 0
        for entry in entries {
            let size = entry.path.utf8.count + NTFSTreeWalk.entryOverhead
            if !batch.isEmpty, batch.count == Self.entriesPerFrame || bytes + size > Self.entryBytesPerFrame {
                try replies.send(VolumeEntry.batchFrame(batch, id: id))
                batch.removeAll(keepingCapacity: true)
                bytes = 0
            }
            batch.append(entry)
            bytes += size
        }
        if !batch.isEmpty { try replies.send(VolumeEntry.batchFrame(batch, id: id)) }
        try replies.send(ReplyEnd(count: UInt64(entries.count)).frame(id: id))
    }

    func walk(_ path: String, on volume: NTFSVolume, id: UInt32) throws(ReplyChannelClosed) {
        var walk: NTFSTreeWalk
        do throws(ReaderFailure) {
            walk = try volume.walk(from: path)
        } catch {
            return try fail(error, id: id)
        }
        while true {
            let batch: [VolumeEntry]
            do throws(ReaderFailure) {
                batch = try walk.next(maxCount: Self.entriesPerFrame, maxBytes: Self.entryBytesPerFrame)
            } catch {
                return try fail(error, id: id)
            }
            if batch.isEmpty { break }
            try replies.send(VolumeEntry.batchFrame(batch, id: id))
        }
        try replies.send(ReplyEnd(count: walk.count).frame(id: id))
    }

    func read(_ range: ReadRange, on volume: NTFSVolume, id: UInt32) throws(ReplyChannelClosed) {
        let reader: NTFSFileReader
        do throws(ReaderFailure) {
            reader = try volume.openFile(range.path, offset: range.offset, length: range.length)
        } catch {
            return try fail(error, id: id)
        }
        let payload = replies.dataPayload
        while true {
            let count: Int
            do throws(ReaderFailure) {
                count = try reader.read(into: payload)
            } catch {
                return try fail(error, id: id)
            }
            if count == 0 { break }
            try replies.sendData(requestID: id, count: count)
        }
        try replies.send(ReplyEnd(count: reader.bytesRead, fileSize: reader.fileSize).frame(id: id))
    }
}
