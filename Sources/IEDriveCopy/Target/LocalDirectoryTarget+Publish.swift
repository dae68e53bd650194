import IEDriveSystem
public import IEDriveCore

extension LocalDirectoryTarget {
    /// Two phases, each ended by one `syncfs` for the whole batch:
    ///
    /// 1. For each request in order: find what is staged (or, on a replay, what was already
    ///    published from it), resolve the disposition against what exists and what earlier
    ///    requests of the batch will create, and write the `meta` record into the staging
    ///    directory. Then `syncfs`: staged bytes and records are durable before any name
    ///    appears, so a crash can never publish a blob whose bytes or record were lost.
    /// 2. Rename each staging directory into place, in order. Then `syncfs` for the renames
    ///    (also after a failed rename, so that those before it are durable).
    ///
    /// A failure in phase 1 publishes nothing of the batch; publishing it again resumes.
    public func publish(_ batch: [PublishRequest]) throws(TargetError) -> [PublishOutcome] {
        guard !batch.isEmpty else { return [] }
        return try withPublishing { () throws(TargetError) -> [PublishOutcome] in
            let root = try openRoot()
            let staging = try makeDirectory(root, TargetLayout.stagingDirectory, doing: "publishing")
            let now = HTTPDate.now()
            var claimed = Set<[UInt8]>()
            var steps: [Step] = []
            for request in batch {
                steps.append(try prepare(request, root: root, staging: staging, claimed: &claimed, now: now))
            }
            guard steps.contains(where: { $0.placement != nil }) else { return steps.map(\.outcome) }
            try flush(root, doing: "making staged blobs and their records durable")

            var failure: TargetError?
            for step in steps {
                guard let placement = step.placement else { continue }
                do throws(TargetError) {
                    try place(placement, root: root, staging: staging)
                } catch {
                    failure = error
                    break
                }
            }
            do throws(TargetError) {
                try flush(root, doing: "making published blobs durable")
            } catch {
                throw failure ?? error
            }
            if let failure { throw failure }
            return steps.map(\.outcome)
        }
    }

    /// What phase 1 decided for one request.
    private struct Step {
        var outcome: PublishOutcome
        /// The staging entry to rename into place, nil when nothing is to be placed (skipped,
        /// rename failed, published already).
        var placement: Placement? = nil
    }

    private struct Placement {
        var entry: String
        var final: BlobPath
        var replaces: Bool
    }

    private func prepare(_ request: PublishRequest, root: borrowing Descriptor, staging: borrowing Descriptor,
                         claimed: inout Set<[UInt8]>, now: Int64) throws(TargetError) -> Step {
        let entry = StagingName.entry(for: request.staged)
        let doing = "publishing blob \(request.path)"
        guard let staged = try stagedDirectory(entry, of: request.staged, in: staging) else {
            return Step(outcome: try replayed(request, root: root))
        }
        // Published by an earlier attempt and staged again since (a copy that stopped between
        // publishing and journaling, resumed): the blob is there, the new staging goes.
        if let earlier = try publishedEarlier(request, root: root).outcome {
            try removeStaged(entry, in: staging)
            return Step(outcome: earlier)
        }
        try setLength(request.length, of: staged, doing: doing)

        var final = request.path
        var status = DispositionStatus.created
        if try isTaken(request.path, root: root, claimed: claimed) {
            switch request.disposition {
            case .noOverwrite:
                try removeStaged(entry, in: staging)
                return Step(outcome: PublishOutcome(requested: request.path, final: nil, disposition: .skipped))
            case .overwrite:
                status = .overwritten
            case .rename:
                guard let free = try firstFreeCandidate(for: request.path, root: root, claimed: claimed) else {
                    try removeStaged(entry, in: staging)
                    return Step(outcome: PublishOutcome(requested: request.path, final: nil, disposition: .cancelled,
                                                        failure: .renameFailed))
                }
                final = free
                status = .renamed
            }
        }
        claimed.insert(Self.key(final))

        let record = BlobRecord(path: final.text, staged: request.staged, disposition: status, type: request.type,
                                length: request.length, publishedNanoseconds: now,
                                properties: request.properties, metadata: request.metadata)
        do {
            let file = Descriptor(try SystemCall.openat(staged.raw, TargetLayout.recordFile,
                                                        [.writeOnly, .create, .truncate, .noFollow], permissions: 0o644))
            try SystemCall.writeAll(file.raw, record.encoded, subject: TargetLayout.recordFile)
        } catch {
            // A record cut short (ENOSPC) must not stay: the staged bytes are still this id's,
            // and a record that names no id would make a retry take them for a leftover.
            try? SystemCall.unlinkat(staged.raw, TargetLayout.recordFile, missingIsFine: true)
            throw TargetError(error, doing: "\(doing): writing its properties and metadata", at: displayName)
        }
        return Step(outcome: PublishOutcome(requested: request.path, final: final, disposition: status),
                    placement: Placement(entry: entry, final: final, replaces: status == .overwritten))
    }

    private func place(_ placement: Placement, root: borrowing Descriptor, staging: borrowing Descriptor) throws(TargetError) {
        let doing = "publishing blob \(placement.final)"
        let components = TargetLayout.components(of: placement.final)
        let parent = try makeDirectory(root, Array(components.dropLast()), doing: doing)
        let leaf = components[components.count - 1]
        if placement.replaces {
            try replace(leaf, in: parent, with: placement.entry, from: staging, doing: doing)
        } else {
            try place(placement.entry, from: staging, as: leaf, in: parent, path: placement.final, doing: doing)
        }
    }

    private func flush(_ root: borrowing Descriptor, doing: String) throws(TargetError) {
        do {
            try SystemCall.syncfs(root.raw, subject: self.root)
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    /// A blob exists at `path`, or an earlier request of the batch will create it. Claims
    /// compare bytes: Swift's `String` equality would merge canonically equivalent names that
    /// Azure (and the file system) keep apart.
    private func isTaken(_ path: BlobPath, root: borrowing Descriptor, claimed: Set<[UInt8]>) throws(TargetError) -> Bool {
        if claimed.contains(Self.key(path)) { return true }
        return try blobExists(path, root: root)
    }

    private static func key(_ path: BlobPath) -> [UInt8] { Array(path.text.utf8) }

    /// The first `name (n)` that is not taken (drive-manifest.md §5), nil when the candidates
    /// ran out (the next one would break a naming rule).
    private func firstFreeCandidate(for path: BlobPath, root: borrowing Descriptor, claimed: Set<[UInt8]>) throws(TargetError) -> BlobPath? {
        for candidate in ImportDisposition.renameCandidates(for: path) {
            if try !isTaken(candidate, root: root, claimed: claimed) { return candidate }
        }
        return nil
    }

    /// A new blob: the staged directory moves into place unless something is there already.
    private func place(_ entry: String, from staging: borrowing Descriptor, as leaf: String, in parent: borrowing Descriptor,
                       path: BlobPath, doing: String) throws(TargetError) {
        do {
            try SystemCall.renameat2(staging.raw, entry, parent.raw, leaf, options: .noReplace)
        } catch where error.errno == .invalidArgument {
            // A file system without RENAME_NOREPLACE; `blobExists` was checked under the lock.
            do {
                try SystemCall.renameat2(staging.raw, entry, parent.raw, leaf)
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
        } catch where error.errno == .fileExists || error.errno == .directoryNotEmpty {
            throw .blobConflict("\(doing) at \(displayName): \(path) appeared while publishing (another writer in the target directory?)")
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    /// An overwrite: the staged directory and the existing blob swap places in one step
    /// (`RENAME_EXCHANGE`), then the old blob, now in staging, is removed. Without exchange
    /// support the old blob is moved aside first (a short moment without the blob).
    private func replace(_ leaf: String, in parent: borrowing Descriptor, with entry: String, from staging: borrowing Descriptor,
                         doing: String) throws(TargetError) {
        do {
            try SystemCall.renameat2(staging.raw, entry, parent.raw, leaf, options: .exchange)
        } catch where error.errno == .invalidArgument {
            let aside = entry + "~old"
            do {
                try SystemCall.renameat2(parent.raw, leaf, staging.raw, aside)
                try SystemCall.renameat2(staging.raw, entry, parent.raw, leaf)
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
            try removeStaged(aside, in: staging)
            return
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        try removeStaged(entry, in: staging)
    }

    func setLength(_ length: UInt64, of staged: borrowing Descriptor, doing: String) throws(TargetError) {
        do {
            let file = Descriptor(try SystemCall.openat(staged.raw, TargetLayout.dataFile, [.writeOnly, .noFollow]))
            if try UInt64(SystemCall.fstat(file.raw, subject: TargetLayout.dataFile).size) != length {
                try SystemCall.ftruncate(file.raw, length: length, subject: TargetLayout.dataFile)
            }
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    /// Nothing is staged for this request: it may have been published by an earlier attempt
    /// of the same batch (a crash before `publish` returned), else the disposition decides.
    private func replayed(_ request: PublishRequest, root: borrowing Descriptor) throws(TargetError) -> PublishOutcome {
        let earlier = try publishedEarlier(request, root: root)
        if let outcome = earlier.outcome { return outcome }
        if request.disposition == .noOverwrite, try blobExists(request.path, root: root) {
            return PublishOutcome(requested: request.path, final: nil, disposition: .skipped)
        }
        if request.disposition == .rename, earlier.allCandidatesExist {
            return PublishOutcome(requested: request.path, final: nil, disposition: .cancelled, failure: .renameFailed)
        }
        throw .io("publishing blob \(request.path) again at \(displayName): nothing is staged under id '\(request.staged)' "
                  + "(never staged, or discarded)", errno: Errno.noSuchFileOrDirectory.rawValue)
    }

    /// The blob published from `request.staged`, if one is visible: a blob's record names the
    /// staged id it came from. The candidates are the requested path and, for `rename`, its
    /// rename candidates in order, up to the first that does not exist (`allCandidatesExist`
    /// when there was none).
    func publishedEarlier(_ request: PublishRequest, root: borrowing Descriptor) throws(TargetError)
        -> (outcome: PublishOutcome?, allCandidatesExist: Bool) {
        let doing = "looking for blob \(request.path) published earlier"
        var candidates = ImportDisposition.renameCandidates(for: request.path).makeIterator()
        var next: BlobPath? = request.path
        while let candidate = next {
            guard let directory = try directory(root, TargetLayout.components(of: candidate), create: false, doing: doing) else {
                return (nil, false)
            }
            let record: BlobRecord?
            do {
                record = try readRecord(in: directory, doing: doing)
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
            if let record, record.staged == request.staged {
                return (PublishOutcome(requested: request.path, final: candidate, disposition: record.disposition), true)
            }
            next = request.disposition == .rename ? candidates.next() : nil
        }
        return (nil, true)
    }
}
