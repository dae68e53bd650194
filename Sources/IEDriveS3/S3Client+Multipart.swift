import IEDriveManifest
public import NIOCore
import NIOHTTP1

/// Multipart uploads: create, upload a part (with `Content-MD5`), list what the store holds
/// (resume), complete, abort, and list the uploads left under a prefix.
extension S3Client {
    /// A part the store holds.
    public struct Part: Sendable, Hashable {
        public var number: Int
        public var etag: String
        public var size: UInt64

        public init(number: Int, etag: String, size: UInt64) {
            self.number = number
            self.etag = etag
            self.size = size
        }
    }

    /// An upload begun and neither completed nor aborted.
    public struct Upload: Sendable, Hashable {
        public var key: String
        public var uploadID: String
        public var initiated: String
    }

    /// Begins an upload of `key` with its headers and metadata (those of the finished object).
    public func createMultipartUpload(_ key: String, headers: [(String, String)] = []) throws(S3Error) -> String {
        let operation = "starting an upload of \(key)"
        let answer = try send(operation, method: .POST, key: key, query: [("uploads", "")], headers: headers)
        guard let id = (try? XMLElementTree.parse(answer.body))?.text(of: "UploadId"), !id.isEmpty else {
            throw S3Error(.answered(status: answer.status, code: "MalformedAnswer"), operation: operation, message: "no UploadId in the answer")
        }
        return id
    }

    /// Uploads part `number` (1…10,000) with its MD5 (the store refuses a mismatch with
    /// `BadDigest`). Uploading a number again replaces the part. Returns the part's ETag.
    @discardableResult
    public func uploadPart(_ key: String, uploadID: String, number: Int, body: ByteBuffer,
                           md5Base64: String) throws(S3Error) -> String {
        let answer = try send("uploading part \(number) of \(key)", method: .PUT, key: key,
                                    query: [("partNumber", "\(number)"), ("uploadId", uploadID)],
                                    headers: [("content-md5", md5Base64)], body: body)
        return S3ObjectInfo.unquoted(answer.headers["etag"] ?? "")
    }

    /// The parts the store holds for an upload, by number; nil when the upload is gone
    /// (completed or aborted: `NoSuchUpload`).
    public func listParts(_ key: String, uploadID: String) throws(S3Error) -> [Part]? {
        var parts: [Part] = []
        var marker: String?
        repeat {
            var query = [("uploadId", uploadID), ("max-parts", "1000")]
            if let marker { query.append(("part-number-marker", marker)) }
            let answer: Answer
            do {
                answer = try send("listing the parts of \(key)", method: .GET, key: key, query: query)
            } catch where error.code == "NoSuchUpload" || error.status == 404 {
                return nil
            }
            let document = try Self.document(answer, operation: "listing the parts of \(key)")
            for part in document.children("Part") {
                guard let number = part.text(of: "PartNumber").flatMap({ Int($0) }) else { continue }
                parts.append(Part(number: number, etag: S3ObjectInfo.unquoted(part.text(of: "ETag") ?? ""),
                                  size: part.text(of: "Size").flatMap { UInt64($0) } ?? 0))
            }
            marker = document.text(of: "IsTruncated") == "true" ? document.text(of: "NextPartNumberMarker") : nil
        } while marker != nil
        return parts.sorted { $0.number < $1.number }
    }

    /// Completes an upload from `parts` (every part, in order); the object appears whole.
    /// Returns the ETag the answer carries (Ceph RGW 16 sends an empty one: HEAD the object
    /// when it is needed).
    @discardableResult
    public func completeMultipartUpload(_ key: String, uploadID: String, parts: [Part]) throws(S3Error) -> String {
        let operation = "completing the upload of \(key)"
        var xml = "<CompleteMultipartUpload>"
        for part in parts { xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\"\(part.etag)\"</ETag></Part>" }
        xml += "</CompleteMultipartUpload>"
        let answer = try send(operation, method: .POST, key: key, query: [("uploadId", uploadID)],
                                    body: ByteBuffer(string: xml), signPayload: true)
        // The store may answer 200 and then report a failure in the body.
        let document = try Self.document(answer, operation: operation)
        if document.name == "Error" { throw Self.error(Answer(status: 500, headers: answer.headers, body: answer.body), operation: operation) }
        return S3ObjectInfo.unquoted(document.text(of: "ETag") ?? "")
    }

    /// Aborts an upload (gone already is fine).
    public func abortMultipartUpload(_ key: String, uploadID: String) throws(S3Error) {
        do {
            _ = try send("aborting the upload of \(key)", method: .DELETE, key: key, query: [("uploadId", uploadID)],
                               expect: [200, 204])
        } catch where error.code == "NoSuchUpload" || error.status == 404 {
            return
        }
    }

    /// Every upload begun under `prefix` and not completed or aborted.
    public func listMultipartUploads(prefix: String) throws(S3Error) -> [Upload] {
        var uploads: [Upload] = []
        var keyMarker: String?, idMarker: String?
        repeat {
            var query = [("uploads", ""), ("prefix", prefix), ("max-uploads", "1000")]
            if let keyMarker { query.append(("key-marker", keyMarker)) }
            if let idMarker { query.append(("upload-id-marker", idMarker)) }
            let answer = try send("listing uploads under \(prefix)", method: .GET, key: nil, query: query)
            let document = try Self.document(answer, operation: "listing uploads under \(prefix)")
            for upload in document.children("Upload") {
                guard let key = upload.text(of: "Key"), let id = upload.text(of: "UploadId") else { continue }
                uploads.append(Upload(key: key, uploadID: id, initiated: upload.text(of: "Initiated") ?? ""))
            }
            if document.text(of: "IsTruncated") == "true" {
                keyMarker = document.text(of: "NextKeyMarker")
                idMarker = document.text(of: "NextUploadIdMarker")
                if keyMarker == nil { break }
            } else {
                keyMarker = nil
            }
        } while keyMarker != nil
        return uploads
    }

    static func document(_ answer: Answer, operation: String) throws(S3Error) -> XMLElementTree {
        do {
            return try XMLElementTree.parse(answer.body)
        } catch {
            throw S3Error(.answered(status: answer.status, code: "MalformedAnswer"), operation: operation,
                          message: "the answer is not the XML S3 sends: \(error)")
        }
    }
}
