public import IEDriveCore

/// One blob on its way through the read pipeline, for the copy and for verify alike: the
/// requests and pieces still out, what each piece and attachment was found to be, and the
/// first problem, for the log.
public final class BlobRead {
    public let blob: ManifestBlob
    /// The file's path on the volume, as the reader takes it (`/a/b.txt`).
    public let volumePath: String
    var outstandingRequests = 0
    var outstandingPieces = 0
    /// Status by piece offset; a piece not in it was not checked (or not yet).
    public internal(set) var pieceStatus: [UInt64: PieceStatus] = [:]
    /// A problem that fails the whole blob (file missing, unreadable, name invalid).
    public internal(set) var fatal: BlobStatus?
    /// Why the blob is not `Completed`, for people (the first reason found).
    public internal(set) var message: String?
    /// The metadata and properties files' contents and how they were found.
    public internal(set) var metadata = BlobMetadata()
    public internal(set) var properties = BlobProperties()
    public internal(set) var loggedMetadata: LoggedAttachment?
    public internal(set) var loggedProperties: LoggedAttachment?
    /// The file turned out shorter than the blob: its pieces past the end are logged.
    public internal(set) var endedEarly = false

    init(_ blob: ManifestBlob) {
        self.blob = blob
        volumePath = blob.filePath.map { "/" + $0.relativePOSIXPath } ?? "/"
    }

    /// Nothing of it is still being read, hashed or written.
    public var isSettled: Bool { outstandingRequests == 0 && outstandingPieces == 0 }

    /// Piece statuses in manifest order (unchecked pieces count as completed).
    public var pieceStatuses: [PieceStatus] { blob.pieces.map { pieceStatus[$0.offset] ?? .completed } }

    /// Whether every piece arrived intact and nothing failed the blob.
    public var isIntact: Bool { fatal == nil && !pieceStatus.values.contains { $0 != .completed } }

    /// The blob's status from its pieces, attachments and problems.
    public var status: BlobStatus {
        StatusRollUp.blobStatus(fatal: fatal, pieces: pieceStatus.values,
                                metadata: loggedMetadata?.status, properties: loggedProperties?.status)
    }

    func fail(_ status: BlobStatus, _ text: String) {
        if fatal == nil {
            fatal = status
            message = text
        }
    }

    func note(_ text: String) {
        if message == nil { message = text }
    }

    func markDone(_ piece: DataPiece) {
        pieceStatus[piece.offset] = .completed
    }

    /// The file on the drive ends at `fileSize`, before these pieces of the blob.
    func fileEnded(at fileSize: UInt64, before pieces: some Sequence<DataPiece>) {
        for piece in pieces { pieceStatus[piece.offset] = .fileUnexpectedEnd }
        endedEarly = true
        note("the file ends at byte \(fileSize), before the blob's \(blob.length)")
    }

    /// A stat of the file: it must be a file, as long as the blob.
    func check(_ entry: VolumeEntry) {
        guard entry.kind == .file else {
            fail(.fileNotFound, "\(entry.path) is a directory, not a file")
            return
        }
        if entry.size < blob.length {
            for piece in blob.pieces where piece.end > entry.size { pieceStatus[piece.offset] = .fileUnexpectedEnd }
            endedEarly = true
            note("the file has \(entry.size) bytes, the blob \(blob.length)")
        }
    }

    /// A reader's answer about this blob's file (``ReaderFailure/blobStatus()``): a failure of
    /// the file alone fails the blob; a fatal one stops the drive.
    func failReading(_ failure: ReaderFailure) throws(DriveFailure) {
        let status = try failure.blobStatus()
        let text: String = switch failure.kind {
        case .notFound: "\(blob.filePathText) is not on the drive"
        case .wrongKind: "\(blob.filePathText) is not a regular file"
        default: "\(blob.filePathText): \(failure.message)"
        }
        fail(status, text)
    }

    /// An attachment's outcome, as the log records it.
    func apply(_ loaded: LoadedAttachment, _ reference: FileReference, isMetadata: Bool) {
        let logged = reference.scope == .list
            ? LoggedAttachment(status: loaded.status, globalPath: reference.logged)
            : LoggedAttachment(status: loaded.status, path: reference.logged)
        if isMetadata {
            loggedMetadata = logged
            if let value = loaded.metadata { metadata = value }
        } else {
            loggedProperties = logged
            if let value = loaded.properties { properties = value }
        }
        if loaded.status != .completed {
            note("\(isMetadata ? "metadata" : "properties") file \(reference.text): \(loaded.status.rawValue)")
        }
    }
}

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
