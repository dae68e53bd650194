/// One staged blob to make visible under `path` (`StorageTarget.publish`).
///
/// Only the importable properties are stored (`BlobProperties.importable`): `Last-Modified`,
/// `Etag` and `Content-Length` are the target's to report.
public struct PublishRequest: Sendable {
    public var staged: StagedBlobID
    public var path: BlobPath
    public var type: BlobType
    public var length: UInt64
    public var disposition: ImportDisposition
    public var properties: BlobProperties
    public var metadata: BlobMetadata

    public init(staged: StagedBlobID, path: BlobPath, type: BlobType, length: UInt64,
                disposition: ImportDisposition = .default, properties: BlobProperties = BlobProperties(),
                metadata: BlobMetadata = BlobMetadata()) {
        self.staged = staged
        self.path = path
        self.type = type
        self.length = length
        self.disposition = disposition
        self.properties = properties
        self.metadata = metadata
    }
}
