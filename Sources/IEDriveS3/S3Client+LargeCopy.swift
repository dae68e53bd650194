import IEDriveManifest
import NIOHTTP1

/// Server-side copies of any size: one CopyObject up to S3's 5 GiB limit, beyond it a
/// multipart upload at the destination whose parts are copied from ranges of the source
/// (UploadPartCopy), so no byte leaves the store.
extension S3Client {
    /// The largest object one CopyObject may copy (S3's limit).
    public static let singleCopyLimit: UInt64 = 5 << 30

    /// Copies `source` (`size` bytes) to `key` with new headers and metadata. `partLimit`:
    /// the largest copy done in one request (tests lower it to exercise the multipart path).
    public func copy(from source: String, size: UInt64, to key: String, headers: [(String, String)],
                     partLimit: UInt64 = S3Client.singleCopyLimit) throws(S3Error) {
        guard size > partLimit else {
            try copyObject(from: source, to: key, headers: headers)
            return
        }
        let uploadID = try createMultipartUpload(key, headers: headers)
        do throws(S3Error) {
            var parts: [Part] = []
            let partSize = Self.copyPartSize(size: size, limit: partLimit)
            var offset: UInt64 = 0
            while offset < size {
                let end = min(size, offset + partSize)
                let number = parts.count + 1
                let etag = try uploadPartCopy(from: source, range: offset..<end, to: key, uploadID: uploadID, number: number)
                parts.append(Part(number: number, etag: etag, size: end - offset))
                offset = end
            }
            try completeMultipartUpload(key, uploadID: uploadID, parts: parts)
        } catch {
            try? abortMultipartUpload(key, uploadID: uploadID)
            throw error
        }
    }

    /// Parts of `limit` bytes (5 GiB at most), larger when 10,000 would not hold the object,
    /// and never under S3's 5 MiB minimum.
    static func copyPartSize(size: UInt64, limit: UInt64) -> UInt64 {
        max(min(limit, singleCopyLimit), (size + 9_999) / 10_000, 5 << 20)
    }

    /// Part `number` of upload `uploadID` copied from `range` of `source`; its ETag.
    func uploadPartCopy(from source: String, range: Range<UInt64>, to key: String, uploadID: String,
                        number: Int) throws(S3Error) -> String {
        let operation = "copying part \(number) of \(key) from \(source)"
        let headers = [("x-amz-copy-source", "/" + S3URIEncoding.encode(endpoint.bucket) + "/" + S3URIEncoding.encode(source, keepSlash: true)),
                       ("x-amz-copy-source-range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")]
        let answer = try send(operation, method: .PUT, key: key, query: [("partNumber", "\(number)"), ("uploadId", uploadID)],
                              headers: headers)
        let document = try Self.document(answer, operation: operation)
        if document.name == "Error" { throw Self.error(Answer(status: 500, headers: answer.headers, body: answer.body), operation: operation) }
        guard let etag = document.text(of: "ETag"), !etag.isEmpty else {
            throw S3Error(.answered(status: answer.status, code: "MalformedAnswer"), operation: operation, message: "no ETag in the answer")
        }
        return S3ObjectInfo.unquoted(etag)
    }
}
