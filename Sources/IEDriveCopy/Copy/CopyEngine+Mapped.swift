import IEDriveCore

/// The mapped path: a plain volume's files read from the drive by this process.
extension CopyEngine {
    /// A mapped file's pieces go to lanes that read them from the device; an unmappable
    /// one is read through the reader after all.
    func consumeMap(id: UInt32, copy: BlobCopy, pieces: [DataPiece]) async throws {
        let extents: FileExtents
        do {
            extents = try await reader.takeExtents(for: id)
        } catch let failure as ReaderFailure {
            return try copy.failReading(failure)
        }
        guard case .mapped(let mapped) = extents.mapping, let device else {
            for run in PieceRun.runs(of: pieces) { sendRead(run, of: copy) }
            return
        }
        if let outside = mapped.first(where: { extent in extent.deviceOffset.map { $0 + extent.length > device.size } ?? false }) {
            throw DriveFailure(ReaderFailure(.ntfsCorrupt, "The NTFS places bytes of \(copy.blob.filePathText) past the end of the drive (file offset \(outside.fileOffset)).",
                                             path: copy.volumePath))
        }
        let present = pieces.prefix { $0.end <= extents.fileSize }
        if present.count < pieces.count { copy.fileEnded(at: extents.fileSize, before: pieces[present.count...]) }
        for piece in present {
            guard let writer = copy.writer else { continue }
            let work = DirectPiece(piece: piece, segments: extents.segments(offset: piece.offset, length: UInt64(piece.length)),
                                   device: device, writer: writer)
            try await startMappedPiece(work, of: copy)
            try await settle()
        }
    }

    private func startMappedPiece(_ work: DirectPiece, of copy: BlobCopy) async throws {
        try checkStop()
        let small = PieceLane.isSmall(work.piece.length)
        while piecesInFlight(small: small) >= (small ? options.smallPiecesInFlight : options.piecesInFlight) {
            try await settleOldestPiece()
        }
        let lane = takeLane(small: small)
        copy.outstandingPieces += 1
        let timeout = work.device.readTimeoutSeconds
        let task = Task<PieceOutcome, Never> { await lane.run(timeout: timeout) { work.perform(in: $0) } ?? .timedOut(seconds: timeout) }
        pieceTasks.append((copy, work.piece, lane, task))
    }

    private func takeLane(small: Bool) -> PieceLane {
        if let index = freeLanes.lastIndex(where: { $0.isSmall == small }) { return freeLanes.remove(at: index) }
        laneCount += 1
        return PieceLane(index: laneCount, small: small)
    }
}
