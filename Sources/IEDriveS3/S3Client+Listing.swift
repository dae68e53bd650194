import NIOHTTP1

/// ListObjectsV2: keys under a prefix in byte order, a page at a time.
extension S3Client {
    public struct ListPage: Sendable {
        public var objects: [S3ObjectInfo]
        /// With a delimiter: the "directories" (prefixes up to and including the delimiter).
        public var commonPrefixes: [String]
        /// Pass back to get the next page; nil on the last.
        public var continuationToken: String?
    }

    /// One page of keys under `prefix`, after `startAfter` (exclusive) or from a continuation token.
    public func listObjects(prefix: String, delimiter: String? = nil, startAfter: String? = nil,
                            continuationToken: String? = nil, maxKeys: Int = 1000) throws(S3Error) -> ListPage {
        var query = [("list-type", "2"), ("prefix", prefix), ("max-keys", "\(max(1, min(maxKeys, 1000)))"), ("encoding-type", "url")]
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let startAfter, continuationToken == nil { query.append(("start-after", startAfter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let operation = "listing \(prefix.isEmpty ? "the bucket" : "keys under \(prefix)")"
        let answer = try send(operation, method: .GET, key: nil, query: query)
        let document = try Self.document(answer, operation: operation)
        let encoded = document.text(of: "EncodingType") == "url"
        func decoded(_ text: String) -> String { encoded ? (Self.urlDecoded(text) ?? text) : text }
        let objects = document.children("Contents").compactMap { entry -> S3ObjectInfo? in
            guard let key = entry.text(of: "Key") else { return nil }
            return S3ObjectInfo(key: decoded(key), size: entry.text(of: "Size").flatMap { UInt64($0) } ?? 0,
                                etag: S3ObjectInfo.unquoted(entry.text(of: "ETag") ?? ""), lastModified: entry.text(of: "LastModified"))
        }
        let prefixes = document.children("CommonPrefixes").compactMap { $0.text(of: "Prefix").map(decoded) }
        let token = document.text(of: "IsTruncated") == "true" ? document.text(of: "NextContinuationToken") : nil
        return ListPage(objects: objects, commonPrefixes: prefixes, continuationToken: token)
    }

    /// A key of a listing asked with `encoding-type=url`: `%XY` escapes decoded and `+` read as
    /// a space (a key's own `+` arrives as `%2B`), as Amazon's SDKs read it.
    static func urlDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") { bytes.append(UInt8(ascii: " ")); continue }
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
