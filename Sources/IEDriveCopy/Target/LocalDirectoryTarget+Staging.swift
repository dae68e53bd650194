import IEDriveSystem
public import IEDriveCore

extension LocalDirectoryTarget {
    /// A staging file written by positioned writes (``LocalStagedBlob``), opened at its first
    /// write; large page-aligned writes go around the page cache (`O_DIRECT`).
    public func stage(_ id: StagedBlobID, length: UInt64, expectsLargeWrites: Bool) -> any StagedBlob {
        LocalStagedBlob(direct: expectsLargeWrites) { () throws(TargetError) -> Int32 in
            try self.openStaging(id, length: length)
        }
    }

    /// Opens (creating if absent) the staging file of `id`, sized to `length`; the caller
    /// owns the descriptor (`O_RDWR | O_CLOEXEC`).
    func openStaging(_ id: StagedBlobID, length: UInt64) throws(TargetError) -> Int32 {
        let doing = "opening the staging file of '\(id)'"
        let root = try openRoot()
        let staging = try makeDirectory(root, TargetLayout.stagingDirectory, doing: doing)
        let entry = StagingName.entry(for: id)
        // A new id (the usual case) costs one mkdirat; an existing one is checked for leftovers.
        let isNew: Bool
        do {
            try SystemCall.mkdirat(staging.raw, entry, existingIsFine: false)
            isNew = true
        } catch where error.errno == .fileExists {
            isNew = false
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        let directory: Descriptor
        if !isNew, let existing = try stagedDirectory(entry, of: id, in: staging) {
            directory = existing
        } else {
            directory = try makeDirectory(staging, [entry], doing: doing)
        }
        do {
            let file = Descriptor(try SystemCall.openat(directory.raw, TargetLayout.dataFile,
                                                        [.readWrite, .create, .noFollow], permissions: 0o644))
            if try UInt64(SystemCall.fstat(file.raw, subject: entry).size) != length {
                try SystemCall.ftruncate(file.raw, length: length, subject: entry)
            }
            return file.take()
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    /// One `syncfs` of the target's file system: every piece written so far is durable.
    public func syncStaged(_ pieces: [StagedPiece]) throws(TargetError) -> [Bool] {
        let root = try openRoot()
        do {
            try SystemCall.syncfs(root.raw, subject: self.root)
        } catch {
            throw TargetError(error, doing: "flushing staged blobs", at: displayName)
        }
        return Array(repeating: true, count: pieces.count)
    }

    public func discardStaging(_ id: StagedBlobID) throws(TargetError) {
        let root = try openRoot()
        guard let staging = try directory(root, TargetLayout.stagingDirectory, create: false,
                                          doing: "discarding the staging file of '\(id)'")
        else { return }
        try removeStaged(StagingName.entry(for: id), in: staging)
    }

    public func stagingState(of request: PublishRequest) throws(TargetError) -> StagingState {
        try withPublishing { () throws(TargetError) -> StagingState in
            let root = try openRoot()
            let doing = "looking for the staging file of '\(request.staged)'"
            if let staging = try directory(root, TargetLayout.stagingDirectory, create: false, doing: doing),
               try stagedDirectory(StagingName.entry(for: request.staged), of: request.staged, in: staging) != nil {
                return .staged
            }
            if let outcome = try publishedEarlier(request, root: root).outcome { return .published(outcome) }
            return .absent
        }
    }

    /// The staging directory of `id`, when it holds this id's bytes. Leftovers are removed and
    /// give nil: a directory without `data` (a crash while staging or discarding), or one whose
    /// `meta` names another id (the old blob an overwrite swapped out, if a crash came before
    /// it was removed). A `meta` that is no record at all was cut short while publishing this
    /// id (a full file system, a crash): it is removed and the bytes are kept, since a
    /// published blob's record is always whole.
    func stagedDirectory(_ entry: String, of id: StagedBlobID, in staging: borrowing Descriptor) throws(TargetError) -> Descriptor? {
        let doing = "opening the staging file of '\(id)'"
        guard let directory = try directory(staging, [entry], create: false, doing: doing) else { return nil }
        let ours: Bool
        do {
            if try SystemCall.fstatatIfPresent(directory.raw, TargetLayout.dataFile) == nil {
                ours = false
            } else if try SystemCall.fstatatIfPresent(directory.raw, TargetLayout.recordFile) == nil {
                ours = true
            } else if let record = try readRecord(in: directory, doing: doing) {
                ours = record.staged == id
            } else {
                try SystemCall.unlinkat(directory.raw, TargetLayout.recordFile, missingIsFine: true)
                ours = true
            }
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        if ours { return directory }
        try removeStaged(entry, in: staging)
        return nil
    }

    /// Removes a staging directory and its two files (absent is fine). `data` goes first, so
    /// a crash part-way never leaves a directory that looks like staged bytes of another id.
    func removeStaged(_ entry: String, in staging: borrowing Descriptor) throws(TargetError) {
        let doing = "removing staging entry \(entry)"
        guard let directory = try directory(staging, [entry], create: false, doing: doing) else { return }
        do {
            try SystemCall.unlinkat(directory.raw, TargetLayout.dataFile, missingIsFine: true)
            try SystemCall.unlinkat(directory.raw, TargetLayout.recordFile, missingIsFine: true)
            try SystemCall.unlinkat(staging.raw, entry, removingDirectory: true, missingIsFine: true)
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }
}
