public import IEDriveCore

/// Checks a drive's blobs against their manifest entries, through the same ``ReadPipeline``
/// the copy uses (hash only): each blob's file exists and is long enough — and with `full`,
/// every block's or page range's MD5 matches — and its metadata and properties files check
/// out. Results come out in manifest order (``BlobCheck``), as each blob settles.
///
/// Use: ``add(_:)`` each blob in manifest order (``drainRequests()`` before reading anything
/// else from the volume), then ``finish()``. A fatal drive problem throws ``DriveFailure``.
public final class VerifyEngine {
    private let volume: any VolumeReader
    private let full: Bool
    private let limits: ReadPipeline.Limits
    private let parseAttachment: CopyEngine.AttachmentParser
    private let onBlob: (BlobCheck) throws -> Void
    private var pipelineStorage: ReadPipeline?
    /// Blobs not yet reported, in manifest order.
    private var waiting: [BlobRead] = []
    public private(set) var accumulator = DriveStatusAccumulator()

    /// `requestsAhead`: requests sent ahead of the one being consumed (hides the per-file
    /// round trip); `piecesInFlight`: pieces hashing at once (each up to 4 MiB).
    public init(volume: any VolumeReader, full: Bool, requestsAhead: Int = 32, piecesInFlight: Int = 4,
                parseAttachment: @escaping CopyEngine.AttachmentParser, onBlob: @escaping (BlobCheck) throws -> Void) {
        self.volume = volume
        self.full = full
        limits = ReadPipeline.Limits(requestsAhead: max(1, requestsAhead), piecesInFlight: max(1, piecesInFlight),
                                     smallPiecesInFlight: 24, stopRequested: { false })
        self.parseAttachment = parseAttachment
        self.onBlob = onBlob
    }

    private var pipeline: ReadPipeline {
        if let pipelineStorage { return pipelineStorage }
        let made = ReadPipeline(volume: volume, limits: limits, parseAttachment: parseAttachment, consumer: self)
        pipelineStorage = made
        return made
    }

    /// Bytes of file data read and hashed (with `full`).
    public var bytesVerified: UInt64 { pipelineStorage?.bytesHashed ?? 0 }

    public func add(_ blob: ManifestBlob) async throws {
        let read = BlobRead(blob)
        waiting.append(read)
        if let problem = blob.problem {
            read.fail(problem.status, problem.message)
        } else if blob.filePath != nil, blob.blobPath != nil {
            if full && !blob.pieces.isEmpty {
                try await pipeline.read(read, pieces: blob.pieces, into: .hashOnly)
            } else {
                try await pipeline.stat(read)
            }
            try await pipeline.attachments(of: read)
        }
        try emitFinished()
    }

    /// Takes the answers of every request in flight.
    public func drainRequests() async throws {
        try await pipeline.drainRequests()
    }

    public func finish() async throws {
        try await pipeline.drainRequests()
        try await pipeline.settleAllPieces()
        try emitFinished()
    }

    /// Reports settled blobs in manifest order.
    private func emitFinished() throws {
        while let first = waiting.first, first.isSettled {
            waiting.removeFirst()
            let check = Self.check(first, loggingPieces: full || first.endedEarly)
            accumulator.add(check.status, disposition: nil)
            try onBlob(check)
        }
    }

    static func check(_ read: BlobRead, loggingPieces: Bool) -> BlobCheck {
        let status = read.status
        let pieces = loggingPieces && read.fatal == nil
            ? zip(read.blob.pieces, read.pieceStatuses).map { LoggedPiece($0.0, status: $0.1) }
            : []
        return BlobCheck(blob: read.blob, status: status, pieces: pieces, metadata: read.loggedMetadata,
                         properties: read.loggedProperties, message: status == .completed ? nil : read.message)
    }
}

extension VerifyEngine: ReadPipelineConsumer {
    func pieceDone(_ piece: DataPiece, of read: BlobRead, direct: Bool) {}

    func writeFailure(_ outcome: PieceOutcome, of read: BlobRead) -> any Error {
        DriveFailure(.failed, status: .internalError, "verify wrote nothing, yet a write failed (\(outcome))")
    }

    func advanced() async throws {
        try emitFinished()
    }
}
