/// One `Blob` element of a DriveLog (drive-logs.md §4): what the copy stage reports about a
/// blob, in the order the log writes it. The writer filters it for the error log.
public struct DriveLogBlob: Sendable, Hashable {
    public var status: BlobStatus
    /// Import: the final name (after a rename).
    public var blobPath: String
    public var filePath: String
    /// Export only.
    public var snapshot: String?
    public var length: UInt64
    /// Export only, DateTime (`2012-09-18T23:47:08Z`).
    public var lastModified: String?
    /// Import only: the requested disposition and its outcome.
    public var disposition: LoggedDisposition?
    /// Block or page list; nil writes neither element.
    public var pieces: LoggedPieces?
    public var metadata: LoggedAttachment?
    public var properties: LoggedAttachment?

    public init(status: BlobStatus, blobPath: String, filePath: String, snapshot: String? = nil,
                length: UInt64, lastModified: String? = nil, disposition: LoggedDisposition? = nil,
                pieces: LoggedPieces? = nil, metadata: LoggedAttachment? = nil, properties: LoggedAttachment? = nil) {
        self.status = status
        self.blobPath = blobPath
        self.filePath = filePath
        self.snapshot = snapshot
        self.length = length
        self.lastModified = lastModified
        self.disposition = disposition
        self.pieces = pieces
        self.metadata = metadata
        self.properties = properties
    }
}

/// `<ImportDisposition Status="Renamed">rename</ImportDisposition>`: the text is the requested
/// value, the attribute the outcome (drive-logs.md §5.3).
public struct LoggedDisposition: Sendable, Hashable {
    public var requested: ImportDisposition
    public var status: DispositionStatus

    public init(requested: ImportDisposition, status: DispositionStatus) {
        self.requested = requested
        self.status = status
    }
}

/// A `BlockList` or `PageRangeList` with a status per piece.
public struct LoggedPieces: Sendable, Hashable {
    public var type: BlobType
    public var items: [LoggedPiece]

    public init(type: BlobType, items: [LoggedPiece]) {
        self.type = type
        self.items = items
    }
}

/// A block or page range in a log: as in the manifest plus `Status`; `Hash` and `Id` may be
/// omitted (drive-logs.md §4).
public struct LoggedPiece: Sendable, Hashable {
    public var offset: UInt64
    public var length: UInt64
    public var blockID: String?
    public var md5: MD5Digest?
    public var status: PieceStatus

    public init(offset: UInt64, length: UInt64, blockID: String? = nil, md5: MD5Digest? = nil, status: PieceStatus) {
        self.offset = offset
        self.length = length
        self.blockID = blockID
        self.md5 = md5
        self.status = status
    }

    public init(_ piece: DataPiece, status: PieceStatus) {
        self.init(offset: piece.offset, length: UInt64(piece.length), blockID: piece.blockID?.base64,
                  md5: piece.md5, status: status)
    }
}

/// `Metadata` or `Properties` in a log: the status and which files were used — the list-level
/// one (`GlobalPath`) and/or the blob's own (`Path`), each with its hash.
public struct LoggedAttachment: Sendable, Hashable {
    public var status: MetadataPropertiesStatus
    public var globalPath: LoggedFile?
    public var path: LoggedFile?

    public init(status: MetadataPropertiesStatus, globalPath: LoggedFile? = nil, path: LoggedFile? = nil) {
        self.status = status
        self.globalPath = globalPath
        self.path = path
    }
}

public struct LoggedFile: Sendable, Hashable {
    public var path: String
    public var md5: MD5Digest?

    public init(path: String, md5: MD5Digest?) {
        self.path = path
        self.md5 = md5
    }
}
