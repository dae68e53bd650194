public import IEDriveCore

/// Copies one drive's blobs into a storage target, verified and resumable.
///
/// The parts, each with one job:
/// - reading and hashing pieces: the ``ReadPipeline`` (shared with verify), mapped from the
///   device on a plain volume, through the reader otherwise, at most
///   ``CopyOptions/piecesInFlight`` pieces (and ``CopyOptions/smallPiecesInFlight`` small ones)
///   between the drive and the target;
/// - staging and writing: this file — a blob's staging file, opened at its first write
///   (``StorageTarget/stage(_:length:expectsLargeWrites:)``), and what a resumed copy finds
///   of it in the target;
/// - group commit and publish: ``GroupCommit`` and `CopyEngine+Publish` — after enough bytes,
///   blobs or seconds one `syncStaged`, one journal transaction, then the settled blobs
///   published together, while the copy goes on;
/// - progress: ``CopyProgressMeter``.
///
/// A killed copy therefore loses at most the pieces since the last commit; running it again
/// with the same journal skips every recorded piece and every finished blob.
///
/// Use: ``begin()``, then ``add(_:)`` each blob in manifest order (``drainRequests()`` before
/// reading anything else from the volume), then ``finish()``; after a failure, ``salvage()``.
/// Failures that stop the drive throw ``DriveFailure``; a stop request throws ``CopyStopped``.
public final class CopyEngine {
    public typealias AttachmentParser = @Sendable (_ bytes: [UInt8], FileReference, _ isMetadata: Bool) -> LoadedAttachment

    let target: any StorageTarget
    let journal: any CopyJournal
    let key: CopyKey
    let options: CopyOptions
    let events: (CopyEvent) -> Void
    private let volume: any VolumeReader
    private let parseAttachment: AttachmentParser
    private var pipelineStorage: ReadPipeline?
    var resume = CopyResumeState()
    /// Blobs not yet reported, in manifest order.
    var order: [BlobCopy] = []
    var accumulator = DriveStatusAccumulator()
    var progress: CopyProgressMeter
    let commits: GroupCommit
    /// This copy's claim on its staging, held while it runs.
    private var claim: (any StagingClaim)?

    /// `totalBytes`: the bytes of every block and page range of the manifest
    /// (`ManifestSummary.totalPieceBytes`), what progress and the summary count against.
    /// `parseAttachment` checks a metadata or properties file's bytes and parses them.
    public init(volume: any VolumeReader, target: any StorageTarget, journal: any CopyJournal, key: CopyKey,
                options: CopyOptions = CopyOptions(), totalBytes: UInt64, blobCount: Int,
                parseAttachment: @escaping AttachmentParser, events: @escaping (CopyEvent) -> Void) {
        self.volume = volume
        self.target = target
        self.journal = journal
        self.key = key
        self.options = options
        self.parseAttachment = parseAttachment
        self.events = events
        progress = CopyProgressMeter(blobCount: blobCount, totalBytes: totalBytes)
        commits = GroupCommit(target: target, journal: journal, options: options)
    }

    var pipeline: ReadPipeline {
        if let pipelineStorage { return pipelineStorage }
        let made = ReadPipeline(volume: volume, limits: options.readLimits, parseAttachment: parseAttachment, consumer: self)
        pipelineStorage = made
        return made
    }

    /// Opens the journal and checks the target; claims this copy's staging and removes what
    /// earlier copies of the same drive that no longer run left staged (a run given up, or a
    /// fresh journal: space a retry on a full disk needs). Returns what an earlier run of this
    /// copy left.
    @discardableResult
    public func begin() throws -> CopyResumeState {
        do {
            try target.checkAccess()
        } catch {
            throw Self.targetFailure(error, target: target)
        }
        resume = try journal.begin(key)
        let prefix = Self.stagingPrefix(key, token: resume.copyToken)
        claim = try targetCall { try target.claimStaging(copyPrefix: prefix) }
        commits.stagedPrefix = prefix
        _ = try? target.reclaimStaging(prefix: Self.drivePart(key) + "-", idleFor: .zero)
        return resume
    }

    // MARK: Blobs

    public func add(_ blob: ManifestBlob) async throws {
        try pipeline.checkStop()
        if let finished = resume.finished[blob.index] {
            progress.blobsResumed += 1
            progress.bytesResumed += blob.dataBytes
            report(finished.status, DriveLogBlob(status: finished.status, blobPath: finished.finalPath ?? blob.blobPathText,
                                                 filePath: blob.filePathText, length: blob.length,
                                                 disposition: finished.disposition.map {
                                                     LoggedDisposition(requested: options.dispositionOverride ?? blob.disposition, status: $0)
                                                 }))
            return
        }
        let disposition = options.dispositionOverride ?? blob.disposition
        guard let path = blob.blobPath, blob.filePath != nil, blob.problem == nil else {
            let copy = BlobCopy(blob: blob, path: nil, disposition: disposition, staged: StagedBlobID(rawValue: "none"))
            copy.read.fail(blob.problem?.status ?? .fileNameInvalid, blob.problem?.message ?? "the blob cannot be copied")
            order.append(copy)
            return
        }
        let copy = BlobCopy(blob: blob, path: path, disposition: disposition,
                            staged: StagedBlobID(rawValue: "\(Self.stagingPrefix(key, token: resume.copyToken))-\(blob.index)"))
        order.append(copy)
        guard let pending = try resumeStaging(copy) else {
            // Nothing to read: published earlier (its files are logged with it), or skipped.
            if copy.publishedEarlier != nil { try await pipeline.attachments(of: copy.read) }
            try await settle()
            return
        }
        try await pipeline.attachments(of: copy.read)
        let writer = target.stage(copy.staged, length: blob.length,
                                  expectsLargeWrites: pipeline.readsMapped && blob.dataBytes >= UInt64(Self.largeWriteMinimum))
        copy.writer = writer
        if blob.type == .page { writer.willWrite(blob.pieces.map { $0.offset..<$0.end }) }
        if pending.isEmpty { try targetCall { try writer.createNow() } }   // nothing will write: staged now
        try await pipeline.read(copy.read, pieces: pending, into: .staging(writer))
        try await settle()
    }

    /// What an earlier run left of this blob: the pieces still to copy, or nil when nothing is
    /// to be read (published before the journal could say so, or `no-overwrite` and the blob
    /// exists). Durable pieces of a staging file that is still there count as done.
    private func resumeStaging(_ copy: BlobCopy) throws -> [DataPiece]? {
        let blob = copy.blob
        var done = resume.durablePieces[blob.index] ?? []
        let exists = copy.disposition == .noOverwrite ? try targetCall({ try target.exists(copy.path!) }) : false
        if !done.isEmpty || exists, let request = copy.publishRequest {
            // Resuming: the durable pieces are in the staging file, or the blob was published
            // before the journal could say so, or the staged bytes are gone. A no-overwrite
            // blob that exists may be this copy's own, published before a crash.
            switch try targetCall({ try target.stagingState(of: request) }) {
            case .published(let outcome):
                copy.publishedEarlier = outcome
                for piece in blob.pieces { copy.read.markDone(piece) }
                progress.bytesResumed += blob.dataBytes
                return nil
            case .staged where exists, .absent where exists:
                try? target.discardStaging(copy.staged)      // the existing blob stays (logged Skipped)
                copy.skipped = true
                return nil
            case .staged:
                break
            case .absent:
                done = []               // the staged bytes are lost: copy the blob again
            }
        }
        for piece in blob.pieces where done.contains(piece.offset) {
            copy.read.markDone(piece)
            progress.bytesResumed += UInt64(piece.length)
        }
        return blob.pieces.filter { !done.contains($0.offset) }
    }

    /// Takes the answers of every request in flight (before the caller reads the manifest on).
    public func drainRequests() async throws {
        try await pipeline.drainRequests()
    }

    /// Waits for everything, commits, and returns the drive's outcome.
    public func finish() async throws -> CopySummary {
        try await pipeline.drainRequests()
        try await pipeline.settleAllPieces()
        try await commit(force: true)
        try await completeRunningCommit()
        let status = accumulator.status()
        try journal.complete(key, status: status)
        emitProgress(force: true)
        var summary = CopySummary(driveStatus: status, blobCount: accumulator.blobCount,
                                  blobsCompleted: accumulator.blobCount - accumulator.blobsNotCompleted,
                                  blobsWithErrors: accumulator.blobsNotCompleted, blobsResumed: progress.blobsResumed,
                                  bytesCopied: progress.bytesCopied, bytesResumed: progress.bytesResumed,
                                  totalBytes: progress.totalBytes)
        summary.bytesReadDirectly = progress.bytesReadDirectly
        claim?.release()
        return summary
    }

    /// After a drive failure or a stop: make what was copied durable and recorded, so a later
    /// run resumes from it. Errors here are swallowed: the drive failure is what matters.
    public func salvage() async {
        // A commit that was running may have published blobs: they are journaled and reported.
        try? await completeRunningCommit()
        // Pieces still in flight were verified before being written: once synced they are as
        // durable as the settled ones (up to `piecesInFlight` large and `smallPiecesInFlight` small pieces, 30 MiB by default).
        let written = await pipeline.writtenPiecesInFlight().map {
            JournaledPiece(blobIndex: $0.read.blob.index, offset: $0.piece.offset, length: $0.piece.length)
        }
        commits.salvage(alsoWritten: written)
        for copy in order { copy.writer = nil }
        claim?.release()
    }

    // MARK: Helpers

    func targetCall<T>(_ body: () throws -> T) throws -> T {
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
    /// Blobs with at least this many data bytes, read mapped, are staged for large writes.
    static let largeWriteMinimum = 64 << 10

    static func stagingPrefix(_ key: CopyKey, token: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let tokenPart = token.isEmpty ? "" : "|\(token)"       // copies journaled before tokens
        for byte in "\(key.driveID)|\(key.target)|\(key.manifestMD5)\(tokenPart)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "\(drivePart(key))-\(String(hash, radix: 16))"
    }

    /// The drive's part of its staging ids: its id's letters and digits (at most 32).
    public static func drivePart(_ key: CopyKey) -> String {
        String(key.driveID.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }.prefix(32))
    }
}

extension CopyEngine: ReadPipelineConsumer {
    func pieceDone(_ piece: DataPiece, of read: BlobRead, direct: Bool) {
        progress.copied(piece.length, direct: direct)
        commits.written(JournaledPiece(blobIndex: read.blob.index, offset: piece.offset, length: piece.length))
    }

    func writeFailure(_ outcome: PieceOutcome, of read: BlobRead) -> any Error {
        switch outcome {
        case .targetFailed(let error): Self.targetFailure(error, target: target)
        case .writeFailed(let error):
            Self.targetFailure(TargetError(errno: error, doing: "writing the staging file", at: read.blob.blobPathText), target: target)
        default: DriveFailure(.failed, status: .internalError, "piece outcome \(outcome) is not a write failure")
        }
    }

    func advanced() async throws {
        try await settle()
    }
}

extension CopyOptions {
    var readLimits: ReadPipeline.Limits {
        ReadPipeline.Limits(requestsAhead: requestsAhead, piecesInFlight: piecesInFlight,
                            smallPiecesInFlight: smallPiecesInFlight, stopRequested: stopRequested)
    }
}
