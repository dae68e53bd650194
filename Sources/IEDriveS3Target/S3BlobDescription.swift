public import IEDriveCore
public import IEDriveS3

/// What is stored with a blob's object besides its bytes, and how it reads back:
/// - properties as the matching S3 headers (`Content-Type`, `Content-Encoding`,
///   `Content-Language`, `Cache-Control`);
/// - metadata as `x-amz-meta-NAME` (S3 lower-cases names: the names as given, in order, go in
///   `x-amz-meta-iedrive-metadata-names`; Azure names are identifiers, so never contain `-`
///   and cannot collide with iedrive's own entries);
/// - iedrive's own entries: `iedrive-type` (block or page), `iedrive-md5` (the whole blob's
///   MD5, base64: a multipart ETag is not one), `iedrive-content-md5` (the Content-MD5
///   property when the blob has one), `iedrive-staged` (the staged id that published it, so a
///   resumed copy knows its own blob) and `iedrive-disposition` (how it was published),
///   `iedrive-name` (the name, for blobs stored under the long-name area).
/// Values S3 headers cannot carry as they are travel as RFC 2047 encoded words (``S3HeaderText``).
public struct S3BlobDescription: Sendable, Hashable {
    public var path: BlobPath
    public var type: BlobType
    public var length: UInt64
    public var md5: MD5Digest?
    public var properties: BlobProperties
    public var metadata: BlobMetadata
    public var stagedID: StagedBlobID?
    public var disposition: DispositionStatus?

    public init(path: BlobPath, type: BlobType, length: UInt64, md5: MD5Digest?, properties: BlobProperties,
                metadata: BlobMetadata, stagedID: StagedBlobID?, disposition: DispositionStatus? = nil) {
        self.path = path
        self.type = type
        self.length = length
        self.md5 = md5
        self.properties = properties
        self.metadata = metadata
        self.stagedID = stagedID
        self.disposition = disposition
    }

    static let own = "iedrive-"

    /// The headers to send with the object's PUT or multipart start.
    public func headers(layout: S3BlobLayout) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let value = properties.contentType { headers.append(("content-type", S3HeaderText.encode(value))) }
        if let value = properties.contentEncoding { headers.append(("content-encoding", S3HeaderText.encode(value))) }
        if let value = properties.contentLanguage { headers.append(("content-language", S3HeaderText.encode(value))) }
        if let value = properties.cacheControl { headers.append(("cache-control", S3HeaderText.encode(value))) }
        func own(_ name: String, _ value: String) { headers.append(("x-amz-meta-\(Self.own)\(name)", value)) }
        own("type", type.rawValue)
        if let md5 { own("md5", md5.base64) }
        if let value = properties.contentMD5 { own("content-md5", value.base64) }
        if let stagedID { own("staged", S3HeaderText.encode(stagedID.rawValue)) }
        if let disposition { own("disposition", disposition.rawValue) }
        if layout.isLong(path) { own("name", S3HeaderText.encode(path.name)) }
        if !metadata.pairs.isEmpty {
            own("metadata-names", metadata.pairs.map(\.name).joined(separator: ","))
            for pair in metadata.pairs { headers.append(("x-amz-meta-\(pair.name.lowercased())", S3HeaderText.encode(pair.value))) }
        }
        return headers
    }

    /// The blob an object stands for, from its HEAD; nil when the key is not a blob's.
    public init?(key: String, info: S3ObjectInfo, layout: S3BlobLayout) {
        let meta = info.metadata
        let path: BlobPath
        if let encoded = meta[Self.own + "name"] {
            let container = key.hasPrefix(layout.prefix + ".iedrive/long/")
                ? key.dropFirst((layout.prefix + ".iedrive/long/").count).split(separator: "/").first.map(String.init) : nil
            guard let container, let long = try? BlobPath(container: container, name: S3HeaderText.decode(encoded)) else { return nil }
            path = long
        } else {
            guard let direct = layout.path(forKey: key) else { return nil }
            path = direct
        }
        self.path = path
        type = meta[Self.own + "type"].flatMap(BlobType.init(rawValue:)) ?? .block
        length = info.size
        md5 = meta[Self.own + "md5"].flatMap { MD5Digest(base64: $0) }
        stagedID = meta[Self.own + "staged"].map { StagedBlobID(rawValue: S3HeaderText.decode($0)) }
        disposition = meta[Self.own + "disposition"].flatMap(DispositionStatus.init(rawValue:))
        let standard = info.standardHeaders
        properties = BlobProperties(lastModified: info.lastModified, etag: info.etag.isEmpty ? nil : info.etag, contentLength: info.size,
                                    contentType: standard["content-type"].map(S3HeaderText.decode),
                                    contentMD5: meta[Self.own + "content-md5"].flatMap { MD5Digest(base64: $0) },
                                    contentEncoding: standard["content-encoding"].map(S3HeaderText.decode),
                                    contentLanguage: standard["content-language"].map(S3HeaderText.decode),
                                    cacheControl: standard["cache-control"].map(S3HeaderText.decode))
        var pairs: [BlobMetadata.Pair] = []
        let named = meta[Self.own + "metadata-names"]?.split(separator: ",").map(String.init) ?? []
        for name in named {
            if let value = meta[name.lowercased()] { pairs.append(BlobMetadata.Pair(name: name, value: S3HeaderText.decode(value))) }
        }
        // Metadata another S3 client added (not in iedrive's list), in name order.
        let listed = Set(named.map { $0.lowercased() })
        for name in meta.keys.sorted() where !name.hasPrefix(Self.own) && !listed.contains(name) {
            pairs.append(BlobMetadata.Pair(name: name, value: S3HeaderText.decode(meta[name]!)))
        }
        metadata = BlobMetadata(pairs: pairs)
    }

    /// As the target's callers see a stored blob.
    public var storedInfo: StoredBlobInfo {
        StoredBlobInfo(path: path, type: type, length: length, properties: properties, metadata: metadata)
    }
}
