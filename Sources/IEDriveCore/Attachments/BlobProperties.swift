/// A properties file (metadata-properties.md §2). All elements are optional. On import only the
/// five content properties are applied (`importable`); `Last-Modified`, `Etag` and
/// `Content-Length` are written on export and ignored on import.
public struct BlobProperties: Sendable, Hashable {
    public var lastModified: String?
    public var etag: String?
    public var contentLength: UInt64?
    public var contentType: String?
    /// Base64 in the file (the header form), kept as the 16 bytes.
    public var contentMD5: MD5Digest?
    public var contentEncoding: String?
    public var contentLanguage: String?
    public var cacheControl: String?

    public init(lastModified: String? = nil, etag: String? = nil, contentLength: UInt64? = nil,
                contentType: String? = nil, contentMD5: MD5Digest? = nil, contentEncoding: String? = nil,
                contentLanguage: String? = nil, cacheControl: String? = nil) {
        self.lastModified = lastModified
        self.etag = etag
        self.contentLength = contentLength
        self.contentType = contentType
        self.contentMD5 = contentMD5
        self.contentEncoding = contentEncoding
        self.contentLanguage = contentLanguage
        self.cacheControl = cacheControl
    }

    /// The element names, in the order the service writes them.
    public static let elementNames = ["Last-Modified", "Etag", "Content-Length", "Content-Type",
                                      "Content-MD5", "Content-Encoding", "Content-Language", "Cache-Control"]

    /// What an import applies: the export-only values removed.
    public var importable: BlobProperties {
        BlobProperties(contentType: contentType, contentMD5: contentMD5, contentEncoding: contentEncoding,
                       contentLanguage: contentLanguage, cacheControl: cacheControl)
    }
}
