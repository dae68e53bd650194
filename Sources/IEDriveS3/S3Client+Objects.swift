import IEDriveManifest
public import NIOCore
import NIOHTTP1

/// Whole objects: put, head, get (ranges), delete, copy (to replace headers and metadata);
/// and the bucket itself.
extension S3Client {
    /// HEAD of the bucket: returns when it is there and ours, else throws the refusal
    /// (`NoSuchBucket`, `AccessDenied`, a wrong key) or the transport failure.
    public func checkBucket() throws(S3Error) {
        let operation = "checking bucket \(endpoint.bucket)"
        do {
            _ = try send(operation, method: .HEAD, key: nil)
        } catch where error.status == 404 {
            throw S3Error(.answered(status: 404, code: "NoSuchBucket"), operation: operation,
                          message: "no bucket \(endpoint.bucket) at \(endpoint.baseURL)", attempts: error.attempts)
        }
    }

    /// Creates the bucket (tests and set-up; the product never creates buckets). True when
    /// made, false when it was already ours.
    @discardableResult
    public func createBucket() throws(S3Error) -> Bool {
        do {
            _ = try send("creating bucket \(endpoint.bucket)", method: .PUT, key: nil)
            return true
        } catch where error.code == "BucketAlreadyOwnedByYou" {
            return false
        }
    }

    /// PUT of a whole object with `Content-MD5` (checked by the store). `headers`: standard
    /// headers (`content-type` …) and `x-amz-meta-*`. Returns the ETag.
    @discardableResult
    public func putObject(_ key: String, body: ByteBuffer, md5Base64: String,
                          headers: [(String, String)] = []) throws(S3Error) -> String {
        var all = headers
        all.append(("content-md5", md5Base64))
        let answer = try send("putting object \(key)", method: .PUT, key: key, headers: all, body: body)
        return S3ObjectInfo.unquoted(answer.headers["etag"] ?? "")
    }

    /// HEAD of an object; nil when there is none.
    public func headObject(_ key: String) throws(S3Error) -> S3ObjectInfo? {
        do {
            let answer = try send("reading object \(key)", method: .HEAD, key: key)
            return Self.info(key: key, answer.headers)
        } catch where error.status == 404 {
            return nil
        }
    }

    /// The bytes of `range` (all when nil) of an object; nil when there is no such object.
    public func getObject(_ key: String, range: Range<UInt64>? = nil, limit: Int = 64 << 20) throws(S3Error) -> [UInt8]? {
        var headers: [(String, String)] = []
        if let range {
            guard !range.isEmpty else { return [] }
            headers.append(("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)"))
        }
        do {
            return try send("reading object \(key)", method: .GET, key: key, headers: headers, expect: [200, 206],
                                  bodyLimit: limit).body
        } catch where error.status == 404 {
            return nil
        }
    }

    /// DELETE of an object (absent is fine, as in S3).
    public func deleteObject(_ key: String) throws(S3Error) {
        _ = try send("deleting object \(key)", method: .DELETE, key: key, expect: [200, 204])
    }

    /// Server-side copy of `source` to `key` with new headers and metadata (`REPLACE`); with
    /// `source == key` this rewrites an object's description in place. Objects over 5 GiB need
    /// ``copy(from:size:to:headers:partLimit:)``.
    public func copyObject(from source: String, to key: String, headers: [(String, String)]) throws(S3Error) {
        var all = headers
        all.append(("x-amz-copy-source", "/" + S3URIEncoding.encode(endpoint.bucket) + "/" + S3URIEncoding.encode(source, keepSlash: true)))
        all.append(("x-amz-metadata-directive", "REPLACE"))
        let answer = try send("copying object \(source) to \(key)", method: .PUT, key: key, headers: all)
        // A copy can fail after its 200 has been sent: the error is then the body.
        if let document = try? XMLElementTree.parse(answer.body), document.name == "Error" {
            throw Self.error(Answer(status: 500, headers: answer.headers, body: answer.body), operation: "copying object \(source) to \(key)")
        }
    }

    static func info(key: String, _ headers: [String: String]) -> S3ObjectInfo {
        var standard: [String: String] = [:]
        for name in S3ObjectInfo.standardHeaderNames { if let value = headers[name] { standard[name] = value } }
        var metadata: [String: String] = [:]
        for (name, value) in headers where name.hasPrefix("x-amz-meta-") { metadata[String(name.dropFirst(11))] = value }
        return S3ObjectInfo(key: key, size: UInt64(headers["content-length"] ?? "") ?? 0, etag: S3ObjectInfo.unquoted(headers["etag"] ?? ""),
                            lastModified: headers["last-modified"], standardHeaders: standard, metadata: metadata)
    }
}
