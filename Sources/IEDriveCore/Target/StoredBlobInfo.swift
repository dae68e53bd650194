/// A published blob as the target holds it: what `StorageTarget.info` and `list` return.
///
/// `properties` holds the content properties the blob was published with, plus the three a
/// target reports itself (export writes them, metadata-properties.md §2): `contentLength`,
/// `lastModified` (RFC 1123) and `etag`.
public struct StoredBlobInfo: Sendable, Hashable {
    public var path: BlobPath
    public var type: BlobType
    public var length: UInt64
    public var properties: BlobProperties
    public var metadata: BlobMetadata

    public init(path: BlobPath, type: BlobType, length: UInt64, properties: BlobProperties, metadata: BlobMetadata) {
        self.path = path
        self.type = type
        self.length = length
        self.properties = properties
        self.metadata = metadata
    }
}
