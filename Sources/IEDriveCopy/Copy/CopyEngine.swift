public import IEDriveCore
#if canImport(Glibc)
import Glibc
#endif

/// A metadata or properties file, read and checked by the caller (which owns the parsers).
public struct LoadedAttachment: Sendable {
    public var status: MetadataPropertiesStatus
    public var metadata: BlobMetadata?
    public var properties: BlobProperties?

    public init(status: MetadataPropertiesStatus, metadata: BlobMetadata? = nil, properties: BlobProperties? = nil) {
        self.status = status
        self.metadata = metadata
        self.properties = properties
    }
}

/// Copies one drive's blobs into a storage target, verified and resumable.
///
/// Data path, per blob, one of two:
/// - mapped (a plain volume whose reader holds the drive, ``VolumeReader/plainDevice``): a `map` request asks the reader
///   where the file's bytes lie on the drive; each piece (manifest block or page range) then
///   goes to a ``PieceLane``, which reads it from the drive (``DeviceBytes``), checks its MD5
///   and writes it at its offset into the blob's staging file, on its own thread;
/// - through the reader (BitLocker, and files the reader cannot map): read requests go to the
///   reader ahead of time; as the bytes arrive they are cut into pieces, each hashed on the
///   cooperative pool and, when its MD5 matches, written by the blob's ``StagedWriter``.
/// Either way at most ``CopyOptions/piecesInFlight`` pieces (and, mapped, another
/// ``CopyOptions/smallPiecesInFlight`` pieces of at most 256 KiB) are between the drive and
/// the target (back-pressure: no piece is taken until the oldest settles). Durability by group
/// commit: after enough bytes, blobs or seconds, one `syncfs` makes every staged byte
/// durable, one journal transaction records those pieces, then the finished blobs are
/// published together (renamed into place, one more `syncfs`) — on the commit queue, while
/// the copy goes on (``RunningCommit``).
///
/// A killed copy therefore loses at most the pieces since the last commit; running it again
/// with the same journal skips every recorded piece and every finished blob.
///
/// Use: ``begin()``, then ``add(_:)`` each blob in manifest order (``drainRequests()`` before
/// reading anything else from the reader), then ``finish()``. Failures that stop the drive
/// throw ``DriveFailure`` after committing what is durable.
public final class CopyEngine {
    public typealias AttachmentLoader = (FileReference, _ isMetadata: Bool) async throws -> LoadedAttachment

    let reader: any VolumeReader
    let target: any StorageTarget
    let journal: any CopyJournal
    let key: CopyKey
    let options: CopyOptions
    let loadAttachment: AttachmentLoader
    let events: (CopyEvent) -> Void

    private var resume = CopyResumeState()
    private var inFlight: [Request] = []
    var pieceTasks: [(copy: BlobCopy, piece: DataPiece, lane: PieceLane?, task: Task<PieceOutcome, Never>)] = []
    /// The drive, when its volume is plain: blobs are mapped and read from it directly.
    var device: (any DeviceBytes)?
    /// Lanes not in use; made as needed (see ``PieceLane`` for how many).
    var freeLanes: [PieceLane] = []
    var laneCount = 0
    private var order: [BlobCopy] = []               // blobs not yet reported, manifest order
    private var durablePending: [JournaledPiece] = []
    var attachmentCache: [String: LoadedAttachment] = [:]
    private var accumulator = DriveStatusAccumulator()
    private var counters = Counters()
    private var rate = RateMeter()
    private var lastCommit = Monotonic.now()
    private var runningCommit: (commit: RunningCommit, ready: [BlobCopy])?
    private var lastProgress = 0.0

    struct Counters {
        var blobCount = 0, blobsCompleted = 0, blobsResumed = 0
        var bytesCopied: UInt64 = 0, bytesResumed: UInt64 = 0, bytesSinceCommit: UInt64 = 0, bytesReadDirectly: UInt64 = 0
        var totalBytes: UInt64 = 0, blobsDone = 0
    }

    enum PieceOutcome: Sendable {
        case written
        case corrupted(MD5Digest)
        case writeFailed(Int32)
        case readFailed(Int32, at: UInt64)
        case timedOut(seconds: Double)
        case targetFailed(TargetError)

        init(_ write: WriteResult) {
            switch write {
            case .written: self = .written
            case .failed(let error): self = .writeFailed(error)
            case .notOpened(let error): self = .targetFailed(error)
            }
        }

        var isTimeout: Bool {
            if case .timedOut = self { true } else { false }
        }
    }

    /// A request to the reader whose answer is still to be taken.
    struct Request {
        enum Work {
            /// The bytes of a run of pieces.
            case read(PieceRun)
            /// Where the file's bytes are, for these pieces.
            case map([DataPiece])
        }

        var id: UInt32
        var copy: BlobCopy
        var work: Work
    }

    /// `totalBytes`: the bytes of every block and page range of the manifest
    /// (`ManifestSummary.totalPieceBytes`), what progress and the summary count against.
    public init(reader: any VolumeReader, target: any StorageTarget, journal: any CopyJournal, key: CopyKey,
                options: CopyOptions = CopyOptions(), totalBytes: UInt64, blobCount: Int,
                loadAttachment: @escaping AttachmentLoader, events: @escaping (CopyEvent) -> Void) {
        self.reader = reader
        self.target = target
        self.journal = journal
        self.key = key
        self.options = options
        self.loadAttachment = loadAttachment
        self.events = events
        counters.totalBytes = totalBytes
        counters.blobCount = blobCount
    }

    /// Opens the journal and the target. Returns what an earlier run left.
    @discardableResult
    public func begin() throws -> CopyResumeState {
        do {
            try target.checkAccess()
        } catch {
            throw DriveFailure(error.driveFailureState, status: error.driveStatus, "the target \(target.displayName): \(error)")
        }
        resume = try journal.begin(key)
        device = reader.plainDevice
        return resume
    }

    // MARK: Blobs

    public func add(_ blob: ManifestBlob) async throws {
        try checkStop()
        if let finished = resume.finished[blob.index] {
            counters.blobsResumed += 1
            counters.bytesResumed += blob.dataBytes
            report(finished.status, DriveLogBlob(status: finished.status, blobPath: finished.finalPath ?? blob.blobPathText,
                                                 filePath: blob.filePathText, length: blob.length,
                                                 disposition: finished.disposition.map {
                                                     LoggedDisposition(requested: options.dispositionOverride ?? blob.disposition, status: $0)
                                                 }))
            return
        }
        guard let path = blob.blobPath, blob.filePath != nil, blob.problem == nil else {
            let status = blob.problem?.status ?? .fileNameInvalid
            try finishFailed(blob, status: status, message: blob.problem?.message ?? "the blob cannot be copied")
            return
        }
        let disposition = options.dispositionOverride ?? blob.disposition
        let copy = BlobCopy(blob: blob, path: path, disposition: disposition,
                            staged: StagedBlobID(rawValue: "\(Self.stagingPrefix(key, token: resume.copyToken))-\(blob.index)"))
        order.append(copy)
        var done = resume.durablePieces[blob.index] ?? []
        let exists = disposition == .noOverwrite ? try targetCall({ try target.exists(path) }) : false
        if !done.isEmpty || exists {
            // Resuming: the durable pieces are in the staging file, or the blob was published
            // before the journal could say so, or the staged bytes are gone. A no-overwrite
            // blob that exists may be this copy's own, published before a crash.
            let request = PublishRequest(staged: copy.staged, path: path, type: blob.type, length: blob.length,
                                         disposition: disposition)
            switch try targetCall({ try target.stagingState(of: request) }) {
            case .published(let outcome):
                try await attachments(for: copy)
                copy.publishedEarlier = outcome
                for piece in blob.pieces { copy.pieceStatus[piece.offset] = .completed }
                copy.bytesDone = blob.dataBytes
                counters.bytesResumed += blob.dataBytes
                try await settle()
                return
            case .staged where exists, .absent where exists:
                // Nothing to read: the existing blob stays (logged Skipped).
                try? target.discardStaging(copy.staged)
                copy.skipped = true
                try await settle()
                return
            case .staged:
                break
            case .absent:
                done = []               // the staged bytes are lost: copy the blob again
            }
        }
        try await attachments(for: copy)
        let storage = target, staged = copy.staged, length = blob.length
        let writer = StagedWriter(direct: device != nil && blob.dataBytes >= UInt64(StagedWriter.directMinimum)) {
            () throws(TargetError) -> Int32 in try storage.openStaging(staged, length: length)
        }
        copy.writer = writer
        let pending = blob.pieces.filter { !done.contains($0.offset) }
        if pending.isEmpty { try targetCall { try writer.openNow() } }   // nothing will write: staged now
        for piece in blob.pieces where done.contains(piece.offset) {
            copy.pieceStatus[piece.offset] = .completed
            copy.bytesDone += UInt64(piece.length)
            counters.bytesResumed += UInt64(piece.length)
        }
        if device != nil, !pending.isEmpty {
            while inFlight.count >= options.requestsAhead { try await consumeOldest() }
            copy.outstandingRequests += 1
            inFlight.append(Request(id: reader.send(.map(path: copy.volumePath)), copy: copy, work: .map(pending)))
        } else {
            for run in PieceRun.runs(of: pending) {
                while inFlight.count >= options.requestsAhead { try await consumeOldest() }
                sendRead(run, of: copy)
            }
        }
        try await settle()
    }

    func sendRead(_ run: PieceRun, of copy: BlobCopy) {
        copy.outstandingRequests += 1
        let id = reader.send(.read(ReadRange(path: copy.volumePath, offset: run.offset, length: run.length)))
        inFlight.append(Request(id: id, copy: copy, work: .read(run)))
    }

    /// Takes the answers of every read in flight (before the caller reads the manifest on).
    public func drainRequests() async throws {
        while !inFlight.isEmpty { try await consumeOldest() }
    }

    /// Waits for everything, commits, and returns the drive's outcome.
    public func finish() async throws -> CopySummary {
        try await drainRequests()
        while !pieceTasks.isEmpty { try await settleOldestPiece() }
        try await commit(force: true)
        try await completeRunningCommit()
        let status = accumulator.status()
        try journal.complete(key, status: status)
        emitProgress(force: true)
        var summary = CopySummary(driveStatus: status, blobCount: accumulator.blobCount,
                           blobsCompleted: accumulator.blobCount - accumulator.blobsNotCompleted,
                           blobsWithErrors: accumulator.blobsNotCompleted, blobsResumed: counters.blobsResumed,
                           bytesCopied: counters.bytesCopied, bytesResumed: counters.bytesResumed,
                           totalBytes: counters.totalBytes)
        summary.bytesReadDirectly = counters.bytesReadDirectly
        return summary
    }

    /// After a drive failure: make what was copied durable and recorded, so a later run
    /// resumes from it. Errors here are swallowed: the drive failure is what matters.
    public func salvage() async {
        // A commit that was running may have published blobs: they are journaled and reported.
        try? await completeRunningCommit()
        // Pieces still in flight were verified before being written: once synced they are as
        // durable as the settled ones (up to `piecesInFlight` pieces, 24 MiB by default).
        for entry in pieceTasks {
            if case .written = await entry.task.value {
                durablePending.append(JournaledPiece(blobIndex: entry.copy.blob.index, offset: entry.piece.offset,
                                                     length: entry.piece.length))
            }
        }
        pieceTasks.removeAll()
        if (try? target.syncStaged()) != nil {
            try? journal.recordDurable(durablePending)
            durablePending.removeAll()
        }
        for copy in order { copy.writer = nil }
    }

    // MARK: Reading

    private func consumeOldest() async throws {
        let request = inFlight.removeFirst()
        switch request.work {
        case .read(let run): try await consumeRead(id: request.id, copy: request.copy, run: run)
        case .map(let pieces): try await consumeMap(id: request.id, copy: request.copy, pieces: pieces)
        }
        request.copy.outstandingRequests -= 1
        try await settle()
    }

    private func consumeRead(id: UInt32, copy: BlobCopy, run: PieceRun) async throws {
        var assembler = PieceAssembler(run)
        do {
            reading: while true {
                switch try await reader.nextData(for: id) {
                case .data(let bytes):
                    for (piece, whole) in assembler.append(bytes) { try await startPiece(piece, whole, of: copy) }
                    // A block blob is one request however large its file: commits and progress
                    // are due inside it too, or a kill would lose the whole file so far.
                    try await settle()
                case .end(let end):
                    if !assembler.remaining.isEmpty { copy.fileEnded(at: end.fileSize, before: assembler.remaining) }
                    break reading
                }
            }
        } catch let failure as ReaderFailure {
            try copy.failReading(failure)
        }
    }

    private func startPiece(_ piece: DataPiece, _ bytes: PieceBytes, of copy: BlobCopy) async throws {
        try checkStop()
        while piecesInFlight(small: false) >= options.piecesInFlight { try await settleOldestPiece() }
        copy.outstandingPieces += 1
        let writer = copy.writer
        let task = Task<PieceOutcome, Never> {
            let actual = MD5.digest(bytes)
            guard actual == piece.md5 else { return .corrupted(actual) }
            guard let writer else { return .writeFailed(EBADF) }
            return PieceOutcome(await writer.write(bytes, at: piece.offset))
        }
        pieceTasks.append((copy, piece, nil, task))
    }

    /// Pieces being hashed and written: those of small lanes, or the others (large lanes and
    /// pieces that came through the reader, which share ``CopyOptions/piecesInFlight``).
    func piecesInFlight(small: Bool) -> Int {
        pieceTasks.count { ($0.lane?.isSmall ?? false) == small }
    }

    func settleOldestPiece() async throws {
        let (copy, piece, lane, task) = pieceTasks.removeFirst()
        let outcome = await task.value
        if let lane, !outcome.isTimeout { freeLanes.append(lane) }   // a hung lane is left to its read
        copy.outstandingPieces -= 1
        switch outcome {
        case .written:
            copy.pieceStatus[piece.offset] = .completed
            copy.bytesDone += UInt64(piece.length)
            counters.bytesCopied += UInt64(piece.length)
            if lane != nil { counters.bytesReadDirectly += UInt64(piece.length) }
            counters.bytesSinceCommit += UInt64(piece.length)
            rate.add(UInt64(piece.length))
            durablePending.append(JournaledPiece(blobIndex: copy.blob.index, offset: piece.offset, length: piece.length))
        case .corrupted(let actual):
            copy.pieceStatus[piece.offset] = .corrupted
            copy.note("block at offset \(piece.offset) has MD5 \(actual), the manifest says \(piece.md5)")
        case .writeFailed(let error):
            throw Self.targetFailure(TargetError(errno: error, doing: "writing the staging file", at: copy.blob.blobPathText), target: target)
        case .targetFailed(let error):
            throw Self.targetFailure(error, target: target)
        case .timedOut(let seconds):
            throw DriveFailure(ReaderFailure(.readerTimedOut, "A read of the drive did not finish within \(Int(seconds)) seconds (a hung or failing drive).",
                                             path: copy.volumePath))
        case .readFailed(let error, let offset):
            throw DriveFailure(ReaderFailure(.deviceReadError, "Reading the drive at byte \(offset) failed (\(String(cString: strerror(error))), errno \(error)).",
                                             path: copy.volumePath, errno: error))
        }
    }

    // MARK: Settling and commits

    /// Reports blobs that can be reported and commits when a commit is due.
    func settle() async throws {
        let due = counters.bytesSinceCommit >= options.commitBytes
            || order.prefix { $0.isSettled }.count >= options.commitBlobs
            || Monotonic.now() - lastCommit >= options.commitSeconds
        if due { try await commit(force: false) }
        emitProgress(force: false)
    }

    /// Starts a group commit of what is settled: the target and journal work runs on the
    /// commit queue (``RunningCommit``) while the copy goes on; its blobs are reported when
    /// the next commit starts, or at ``finish()``. One commit runs at a time: a due commit
    /// waits for the running one only when `force`d, otherwise it comes at a later piece.
    private func commit(force: Bool) async throws {
        if let running = runningCommit {
            guard force || running.commit.isDone else { return }
            try await completeRunningCommit()
        }
        let ready = Array(order.prefix { $0.isSettled })
        guard force || !ready.isEmpty || !durablePending.isEmpty else { return }
        let pieces = durablePending
        durablePending.removeAll(keepingCapacity: true)
        counters.bytesSinceCommit = 0
        lastCommit = Monotonic.now()
        // Settled blobs: intact ones are published as a group, the others dropped.
        order.removeFirst(ready.count)
        for copy in ready { copy.writer = nil }   // closed once its last queued write is done
        var requests: [PublishRequest] = []
        for copy in ready where copy.isIntact && !copy.skipped && copy.publishedEarlier == nil {
            guard let path = copy.path else { continue }
            requests.append(PublishRequest(staged: copy.staged, path: path, type: copy.blob.type, length: copy.blob.length,
                                           disposition: copy.disposition, properties: copy.properties, metadata: copy.metadata))
        }
        runningCommit = (RunningCommit(target: target, journal: journal, pieces: pieces, requests: requests), ready)
    }

    /// Waits for the running commit and reports its blobs: 1. every staged byte written before
    /// it became durable; 2. the journal says so; 3. its intact blobs were published.
    private func completeRunningCommit() async throws {
        guard let (running, ready) = runningCommit else { return }
        runningCommit = nil
        let outcomes: [PublishOutcome]
        do {
            outcomes = try await running.outcomes()
        } catch {
            durablePending.insert(contentsOf: running.pieces, at: 0)   // not recorded: a salvage tries again
            if let error = error as? TargetError { throw Self.targetFailure(error, target: target) }
            throw error
        }
        var finished: [FinishedBlob] = []
        var published = 0
        for copy in ready {
            let status: BlobStatus, finalPath: String?, disposition: DispositionStatus?
            if copy.skipped {
                finalPath = copy.path?.text
                disposition = .skipped
                status = .completed
            } else if let earlier = copy.publishedEarlier {
                finalPath = earlier.final?.text
                disposition = earlier.disposition
                status = StatusRollUp.blobStatus(fatal: earlier.failure, pieces: copy.pieceStatus.values,
                                                 metadata: copy.loggedMetadata?.status, properties: copy.loggedProperties?.status)
            } else if copy.isIntact {
                let outcome = outcomes[published]
                published += 1
                finalPath = outcome.final?.text
                disposition = outcome.disposition
                if let failure = outcome.failure { copy.fail(failure, "no free name for \(copy.blob.blobPathText) (rename)") }
                status = StatusRollUp.blobStatus(fatal: copy.fatal, pieces: copy.pieceStatus.values,
                                                 metadata: copy.loggedMetadata?.status, properties: copy.loggedProperties?.status)
            } else {
                if copy.path != nil { try? target.discardStaging(copy.staged) }
                finalPath = nil
                disposition = nil
                status = StatusRollUp.blobStatus(fatal: copy.fatal, pieces: copy.pieceStatus.values,
                                                 metadata: copy.loggedMetadata?.status, properties: copy.loggedProperties?.status)
            }
            finished.append(FinishedBlob(blobIndex: copy.blob.index, status: status, finalPath: finalPath, disposition: disposition))
            report(status, copy.logged(status: status, finalPath: finalPath, dispositionStatus: disposition, withPieces: options.logPieces))
        }
        try journal.recordFinished(finished)
        emitProgress(force: true)
    }

    private func finishFailed(_ blob: ManifestBlob, status: BlobStatus, message: String) throws {
        let copy = BlobCopy(blob: blob, path: nil, disposition: options.dispositionOverride ?? blob.disposition, staged: StagedBlobID(rawValue: "none"))
        copy.fail(status, message)
        order.append(copy)
    }

    private func report(_ status: BlobStatus, _ logged: DriveLogBlob) {
        accumulator.add(status, disposition: logged.disposition?.status)
        counters.blobsDone += 1
        events(.blob(logged))
    }

    private func emitProgress(force: Bool) {
        let now = Monotonic.now()
        guard force || now - lastProgress >= 0.5 else { return }
        lastProgress = now
        let done = counters.bytesCopied + counters.bytesResumed
        let speed = rate.bytesPerSecond()
        let left = counters.totalBytes > done && speed > 0 ? Double(counters.totalBytes - done) / speed : nil
        events(.progress(CopyProgress(bytesSucceeded: done, totalBytes: counters.totalBytes, blobsDone: counters.blobsDone,
                                      blobCount: counters.blobCount, rate: speed, secondsLeft: left)))
    }

    // MARK: Helpers

    func checkStop() throws {
        if options.stopRequested() { throw CopyStopped() }
    }

    private func targetCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TargetError {
            throw Self.targetFailure(error, target: target)
        }
    }

    static func targetFailure(_ error: TargetError, target: any StorageTarget) -> DriveFailure {
        DriveFailure(error.driveFailureState, status: error.driveStatus, "the target \(target.displayName): \(error)")
    }

    /// Staging ids: stable for one copy (its journal's token) of a drive to a target, so a
    /// resume finds its staging files and its own published blobs again; unique between drives
    /// and between copies, so an earlier copy's blobs are never mistaken for this one's.
    static func stagingPrefix(_ key: CopyKey, token: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let tokenPart = token.isEmpty ? "" : "|\(token)"       // copies journaled before tokens
        for byte in "\(key.driveID)|\(key.target)|\(key.manifestMD5)\(tokenPart)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let safeDrive = String(key.driveID.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }.prefix(32))
        return "\(safeDrive)-\(String(hash, radix: 16))"
    }
}
