/// One `Blob` of a validated manifest: one file on the drive mapped to one blob
/// (drive-manifest.md §1–§6).
///
/// Structure, formats and the block/page rules have already held when a `ManifestBlob`
/// exists (a violation fails the whole manifest). What can still be wrong is per blob:
/// `problem` then holds the blob status the drive log reports (`FileNameInvalid`,
/// `FileNameTooLong`, `BlobRequestFailed`), and the copy must not touch the blob.
public struct ManifestBlob: Sendable, Hashable {
    /// 0-based position among all blobs of the manifest.
    public var index: Int
    /// 0-based `BlobList` the blob belongs to, and that list's `Id` attribute if any.
    public var listIndex: Int
    public var listID: String?
    /// Line of the `<Blob>` start tag.
    public var line: Int

    /// `BlobPath` as written; `blobPath` is nil when it breaks an Azure naming rule.
    public var blobPathText: String
    public var blobPath: BlobPath?
    /// `FilePath` as written; `filePath` is nil when NTFS cannot hold it.
    public var filePathText: String
    public var filePath: DriveRelativePath?

    public var length: UInt64
    public var type: BlobType
    public var pieces: [DataPiece]
    /// `ImportDisposition` as given; nil when absent (which means `rename`).
    public var importDisposition: ImportDisposition?
    public var clientData: String?
    /// Export manifests only.
    public var snapshot: SnapshotTime?

    /// The blob's own files and the defaults of its `BlobList`.
    public var ownMetadata: FileReference?
    public var ownProperties: FileReference?
    public var listMetadata: FileReference?
    public var listProperties: FileReference?

    public var problem: BlobProblem?

    public init(index: Int, listIndex: Int, listID: String? = nil, line: Int,
                blobPathText: String, blobPath: BlobPath?, filePathText: String, filePath: DriveRelativePath?,
                length: UInt64, type: BlobType, pieces: [DataPiece], importDisposition: ImportDisposition? = nil,
                clientData: String? = nil, snapshot: SnapshotTime? = nil,
                ownMetadata: FileReference? = nil, ownProperties: FileReference? = nil,
                listMetadata: FileReference? = nil, listProperties: FileReference? = nil,
                problem: BlobProblem? = nil) {
        self.index = index
        self.listIndex = listIndex
        self.listID = listID
        self.line = line
        self.blobPathText = blobPathText
        self.blobPath = blobPath
        self.filePathText = filePathText
        self.filePath = filePath
        self.length = length
        self.type = type
        self.pieces = pieces
        self.importDisposition = importDisposition
        self.clientData = clientData
        self.snapshot = snapshot
        self.ownMetadata = ownMetadata
        self.ownProperties = ownProperties
        self.listMetadata = listMetadata
        self.listProperties = listProperties
        self.problem = problem
    }

    /// What to do if the blob exists: the given value, else `rename` (§5).
    public var disposition: ImportDisposition { importDisposition ?? .default }

    /// The metadata file that applies: the blob's own replaces the list default entirely
    /// (§6, suggested "replace" rule), it is not merged name by name.
    public var metadata: FileReference? { ownMetadata ?? listMetadata }
    public var properties: FileReference? { ownProperties ?? listProperties }

    /// The bytes its blocks or page ranges cover: what a copy reads (less than `length` for a
    /// page blob with holes).
    public var dataBytes: UInt64 { pieces.reduce(0) { $0 + UInt64($1.length) } }

    /// Whether the copy may process this blob.
    public var isCopyable: Bool { problem == nil && blobPath != nil && filePath != nil }
}
