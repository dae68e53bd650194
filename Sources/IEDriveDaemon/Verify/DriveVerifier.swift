import IEDriveCopy
import IEDriveCore
import IEDriveManifest
public import IEDriveVolumes

/// Checks a drive against its manifest (the `verify` stage): the manifest is validated whole
/// first (pass one), then streamed again and every blob's file checked on the volume — its
/// existence and length, and with `full` every block's or page range's MD5 — together with
/// the metadata and properties files the blobs name. Requests to the reader are pipelined
/// (several files in flight) and pieces hash concurrently while the next ones arrive.
///
/// A structural manifest problem or a fatal drive problem throws ``DriveFailure``; per-blob
/// problems are results (`onBlob`), reported in manifest order.
public struct DriveVerifier {
    public let reader: ReaderClient
    public let options: VerifyOptions

    public init(reader: ReaderClient, options: VerifyOptions) {
        self.reader = reader
        self.options = options
    }

    /// Checks the drive; `identified` gets the drive's id (``VerifyOptions/driveID``, else the
    /// manifest's DriveId) once the manifest was validated, before any blob.
    public func run(identified: (String) -> Void = { _ in },
                    onBlob: @escaping (BlobCheck) throws -> Void) async throws -> VerifySummary {
        do {
            return try await verify(identified: identified, onBlob: onBlob)
        } catch let failure as ReaderFailure {
            // Per-file failures are handled where they occur; what gets here failed the drive
            // (a device read error, the reader's death or silence).
            throw DriveFailure(failure)
        }
    }

    private func verify(identified: (String) -> Void,
                        onBlob: @escaping (BlobCheck) throws -> Void) async throws -> VerifySummary {
        let entry = try await ManifestLocation.find(options.manifestFile, on: reader)
        let stream = ManifestStream(reader: reader, entry: entry, options: options.manifest)
        let summary = try await stream.validate(expectedHash: options.manifestHash)
        if let driveID = options.driveID, let problem = ManifestFileCheck.driveId(of: summary.header, driveSerial: driveID) {
            throw DriveFailure(.manifestFileError, status: problem,
                               "the manifest describes drive \(summary.header.driveId), not \(driveID)")
        }
        identified(options.driveID ?? summary.header.driveId)
        var run = VerifyRun(reader: reader, full: options.full, depth: max(1, options.pipelineDepth), onBlob: onBlob)
        try await stream.blobs(beforeReading: { try await run.drainRequests() }) { batch in
            for blob in batch { try await run.add(blob) }
        }
        try await run.finish()
        return VerifySummary(manifestPath: entry.path, driveID: summary.header.driveId,
                             driveStatus: run.accumulator.status(), blobCount: run.accumulator.blobCount,
                             blobsCompleted: run.accumulator.blobCount - run.accumulator.blobsNotCompleted,
                             blobsWithErrors: run.accumulator.blobsNotCompleted,
                             bytesVerified: run.bytesVerified, totalBlobBytes: summary.totalBlobBytes)
    }
}

/// The state of one verify pass over the blobs.
struct VerifyRun {
    enum Job {
        case stat(BlobProgress)
        case read(BlobProgress, PieceRun)
        case attachment(BlobProgress, FileReference, isMetadata: Bool)
    }

    let reader: ReaderClient
    let full: Bool
    let depth: Int
    let onBlob: (BlobCheck) throws -> Void
    var inFlight: [(id: UInt32, job: Job)] = []
    var hashing = PieceHashing(limit: 3)
    var hashOwners: [BlobProgress] = []
    var waiting: [BlobProgress] = []
    var accumulator = DriveStatusAccumulator()
    var bytesVerified: UInt64 = 0
    var attachmentCache: [String: LoggedAttachmentResult] = [:]

    struct LoggedAttachmentResult {
        var status: MetadataPropertiesStatus
    }

    init(reader: ReaderClient, full: Bool, depth: Int, onBlob: @escaping (BlobCheck) throws -> Void) {
        self.reader = reader
        self.full = full
        self.depth = depth
        self.onBlob = onBlob
    }

    mutating func add(_ blob: ManifestBlob) async throws {
        let progress = BlobProgress(blob, logPieces: full)
        waiting.append(progress)
        if let problem = blob.problem {
            progress.fail(problem.status, problem.message)
        } else if let filePath = blob.filePath, blob.blobPath != nil {
            let path = ManifestLocation.volumePath(filePath)
            let runs = full ? PieceRun.runs(of: blob.pieces) : []
            if runs.isEmpty {
                try await send(.stat(path: path), .stat(progress))
            } else {
                for run in runs {
                    try await send(.read(ReadRange(path: path, offset: run.offset, length: run.length)), .read(progress, run))
                }
            }
            for (reference, isMetadata) in [(blob.metadata, true), (blob.properties, false)] {
                guard let reference else { continue }
                try await attachment(reference, isMetadata: isMetadata, progress)
            }
        }
        try emitFinished()
    }

    /// Takes the answers of every request in flight.
    mutating func drainRequests() async throws {
        while !inFlight.isEmpty { try await consumeOldest() }
    }

    mutating func finish() async throws {
        try await drainRequests()
        var finished: [PieceHashing.Verdict] = []
        try await hashing.drain { finished.append($0) }
        for verdict in finished { try record(verdict) }
        hashOwners.removeAll()
        try emitFinished()
    }

    // MARK: Requests

    private mutating func send(_ request: ReaderRequest, _ job: Job) async throws {
        while inFlight.count >= depth { try await consumeOldest() }
        switch job {
        case .stat(let progress), .read(let progress, _), .attachment(let progress, _, _): progress.outstandingRequests += 1
        }
        inFlight.append((reader.send(request), job))
    }

    private mutating func consumeOldest() async throws {
        let (id, job) = inFlight.removeFirst()
        switch job {
        case .stat(let progress):
            defer { progress.outstandingRequests -= 1 }
            do {
                let entry = try await reader.takeEntry(for: id)
                check(entry, against: progress)
            } catch let failure as ReaderFailure where !failure.isFatal {
                fileProblem(failure, progress)
            }
        case .read(let progress, let run):
            var assembler = PieceAssembler(run)
            do {
                var end = ReplyEnd(count: 0)
                reading: while true {
                    switch try await reader.nextData(for: id) {
                    case .data(let bytes):
                        for (piece, whole) in assembler.append(bytes) {
                            progress.outstandingHashes += 1
                            hashOwners.append(progress)
                            var finished: [PieceHashing.Verdict] = []
                            try await hashing.submit(piece, whole) { finished.append($0) }
                            for verdict in finished { try record(verdict) }
                        }
                    case .end(let reply):
                        end = reply
                        break reading
                    }
                }
                bytesVerified += end.count
                if !assembler.remaining.isEmpty {
                    for piece in assembler.remaining { progress.setStatus(.fileUnexpectedEnd, for: piece) }
                    progress.note("the file ends at byte \(end.fileSize), before the blob's \(progress.blob.length)")
                }
            } catch let failure as ReaderFailure where !failure.isFatal {
                fileProblem(failure, progress)
            }
            progress.outstandingRequests -= 1
        case .attachment(let progress, let reference, let isMetadata):
            var bytes: [UInt8] = []
            var status: MetadataPropertiesStatus
            do {
                _ = try await reader.takeData(for: id) { bytes += $0 }
                status = AttachmentReading.checked(bytes, reference: reference, isMetadata: isMetadata).status
            } catch let failure as ReaderFailure where !failure.isFatal {
                status = failure.kind == .notFound || failure.kind == .wrongKind ? .fileNotFound : .fileAccessDenied
            }
            attachmentCache[Self.cacheKey(reference, isMetadata)] = LoggedAttachmentResult(status: status)
            apply(status, reference, isMetadata: isMetadata, to: progress)
            progress.outstandingRequests -= 1
        }
        try emitFinished()
    }

    // MARK: Results

    private mutating func record(_ verdict: PieceHashing.Verdict) throws {
        let owner = hashOwners.removeFirst()
        owner.outstandingHashes -= 1
        owner.setStatus(verdict.matches ? .completed : .corrupted, for: verdict.piece)
        if !verdict.matches {
            owner.note("block at offset \(verdict.piece.offset) has MD5 \(verdict.actual), the manifest says \(verdict.piece.md5)")
        }
    }

    private func check(_ entry: VolumeEntry, against progress: BlobProgress) {
        guard entry.kind == .file else {
            progress.fail(.fileNotFound, "\(entry.path) is a directory, not a file")
            return
        }
        if entry.size < progress.blob.length {
            progress.logPieces = true
            for piece in progress.blob.pieces where piece.end > entry.size {
                progress.setStatus(.fileUnexpectedEnd, for: piece)
            }
            progress.note("the file has \(entry.size) bytes, the blob \(progress.blob.length)")
        }
    }

    private func fileProblem(_ failure: ReaderFailure, _ progress: BlobProgress) {
        switch failure.kind {
        case .notFound: progress.fail(.fileNotFound, "\(progress.blob.filePathText) is not on the drive")
        case .wrongKind: progress.fail(.fileNotFound, "\(progress.blob.filePathText) is not a regular file")
        default: progress.fail(.fileAccessDenied, failure.message)
        }
    }

    private mutating func attachment(_ reference: FileReference, isMetadata: Bool, _ progress: BlobProgress) async throws {
        if let problem = reference.problem {
            apply(problem.status, reference, isMetadata: isMetadata, to: progress)
        } else if let cached = attachmentCache[Self.cacheKey(reference, isMetadata)] {
            apply(cached.status, reference, isMetadata: isMetadata, to: progress)
        } else if let path = reference.path {
            try await send(.read(ReadRange(path: ManifestLocation.volumePath(path), length: AttachmentReading.limit)),
                           .attachment(progress, reference, isMetadata: isMetadata))
        }
    }

    private static func cacheKey(_ reference: FileReference, _ isMetadata: Bool) -> String {
        "\(isMetadata ? "m" : "p")|\(reference.text)|\(reference.md5)"
    }

    private func apply(_ status: MetadataPropertiesStatus, _ reference: FileReference, isMetadata: Bool,
                       to progress: BlobProgress) {
        let logged = reference.scope == .list
            ? LoggedAttachment(status: status, globalPath: reference.logged)
            : LoggedAttachment(status: status, path: reference.logged)
        if isMetadata { progress.metadata = logged } else { progress.properties = logged }
        if status != .completed {
            progress.note("\(isMetadata ? "metadata" : "properties") file \(reference.text): \(status.rawValue)")
        }
    }

    /// Reports finished blobs in manifest order.
    private mutating func emitFinished() throws {
        while let first = waiting.first, first.isFinished {
            waiting.removeFirst()
            let check = first.check
            accumulator.add(check.status, disposition: nil)
            try onBlob(check)
        }
    }
}
