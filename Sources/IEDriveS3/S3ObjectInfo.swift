/// What HEAD (or a listing) says of one object.
public struct S3ObjectInfo: Sendable, Hashable {
    public var key: String
    public var size: UInt64
    /// The ETag without quotes (for a multipart object `md5-of-part-md5s-N`, not the MD5).
    public var etag: String
    public var lastModified: String?
    /// Standard headers stored with the object: `content-type`, `content-encoding`,
    /// `content-language`, `cache-control`, `content-disposition`, `content-md5` (lower-cased
    /// names; present only when set). Empty in listings.
    public var standardHeaders: [String: String]
    /// `x-amz-meta-NAME` values by NAME (as the store returns it: lower-cased). Empty in listings.
    public var metadata: [String: String]

    public init(key: String, size: UInt64, etag: String, lastModified: String? = nil,
                standardHeaders: [String: String] = [:], metadata: [String: String] = [:]) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.standardHeaders = standardHeaders
        self.metadata = metadata
    }

    static let standardHeaderNames = ["content-type", "content-encoding", "content-language", "cache-control",
                                      "content-disposition", "content-md5"]

    static func unquoted(_ etag: String) -> String {
        etag.count >= 2 && etag.hasPrefix("\"") && etag.hasSuffix("\"") ? String(etag.dropFirst().dropLast()) : etag
    }
}
