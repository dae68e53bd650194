import Crypto
import Foundation
import IEDriveS3
import IEDriveTestSupport
import NIOCore
import Testing

/// The client against a real Ceph RGW (started by scripts/test): objects with headers and
/// metadata, ranges, names at S3's limits, multipart with Content-MD5 (a wrong MD5 refused),
/// resume by ListParts, abort, leftovers by ListMultipartUploads, listings in byte order with
/// paging, and the refusals that mean "Storage account not accessible".
@Suite(.serialized, .enabled(if: TestRGW.current != nil, Comment(rawValue: TestRGW.unavailableReason)))
struct S3ClientRGWTests {
    static func client(bucket: String, secret: String? = nil, retry: S3RetryPolicy = S3RetryPolicy()) throws -> S3Client {
        let rgw = try #require(TestRGW.current)
        let endpoint = try S3Endpoint.make(url: rgw.endpoint, region: rgw.region, bucket: bucket)
        return S3Client(endpoint: endpoint, credentials: S3Credentials(accessKeyID: rgw.accessKeyID,
                                                                       secretAccessKey: secret ?? rgw.secretAccessKey),
                        retry: retry)
    }

    static func md5(_ bytes: [UInt8]) -> String { Data(Insecure.MD5.hash(data: bytes)).base64EncodedString() }

    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// Past the single-copy limit (lowered here to 5 MiB; S3's is 5 GiB) a copy is a
    /// multipart upload of UploadPartCopy ranges: the copy is whole, with the new metadata,
    /// and leaves no upload.
    @Test func largeCopiesGoByPartsInsideTheStore() throws {
        let client = try Self.client(bucket: TestRGW.uniqueBucket("bigcopy"))
        #expect(try client.createBucket())
        let body = Self.bytes((12 << 20) + 3, seed: 9)
        try client.putObject("source.bin", body: ByteBuffer(bytes: body), md5Base64: Self.md5(body))
        try client.copy(from: "source.bin", size: UInt64(body.count), to: "copied/big.bin",
                        headers: [("x-amz-meta-origin", "parts"), ("content-type", "application/x-test")], partLimit: 5 << 20)
        #expect(try client.getObject("copied/big.bin") == body)
        let info = try #require(try client.headObject("copied/big.bin"))
        #expect(info.metadata["origin"] == "parts" && info.etag.hasSuffix("-3"), "three copied parts: \(info)")
        #expect(info.standardHeaders["content-type"] == "application/x-test", "\(info)")
        #expect(try client.listMultipartUploads(prefix: "").isEmpty)
        // A missing source fails the copy and aborts its upload.
        #expect(throws: S3Error.self) {
            try client.copy(from: "absent.bin", size: 20 << 20, to: "copied/none.bin", headers: [], partLimit: 5 << 20)
        }
        #expect(try client.listMultipartUploads(prefix: "").isEmpty, "the failed copy's upload was aborted")
    }

    @Test func objectsKeepTheirBytesHeadersAndMetadata() throws {
        let client = try Self.client(bucket: TestRGW.uniqueBucket("objects"))
        #expect(try client.createBucket())
        try client.checkBucket()
        let body = Self.bytes(300_000, seed: 1)
        let names = ["plain.bin", "dir/with space/a+b%c.bin", "unicode/日本語/naïve é.txt",
                     "long/" + String(repeating: "k", count: 1_019)]   // S3's longest key: 1,024 bytes
        for name in names {
            try client.putObject(name, body: ByteBuffer(bytes: body), md5Base64: Self.md5(body), headers: [
                ("content-type", "application/x-test"), ("cache-control", "max-age=60"), ("x-amz-meta-project", "harbor"),
            ])
            let info = try #require(try client.headObject(name), "\(name)")
            #expect(info.size == 300_000 && info.standardHeaders["content-type"] == "application/x-test", "\(info)")
            #expect(info.standardHeaders["cache-control"] == "max-age=60" && info.metadata["project"] == "harbor", "\(info)")
            #expect(try client.getObject(name) == body, "\(name)")
            #expect(try client.getObject(name, range: 1_000..<1_010) == Array(body[1_000..<1_010]))
        }
        // Listing: every name back, in byte order, a page at a time.
        var listed: [String] = []
        var token: String?
        repeat {
            let page = try client.listObjects(prefix: "", continuationToken: token, maxKeys: 2)
            #expect(page.objects.count <= 2)
            listed += page.objects.map(\.key)
            token = page.continuationToken
        } while token != nil
        #expect(listed == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "\(listed)")
        let directories = try client.listObjects(prefix: "dir/", delimiter: "/")
        #expect(directories.commonPrefixes == ["dir/with space/"] && directories.objects.isEmpty)
        // Replacing the description keeps the bytes.
        try client.copyObject(from: "plain.bin", to: "plain.bin", headers: [("content-type", "text/plain"), ("x-amz-meta-v", "2")])
        let replaced = try #require(try client.headObject("plain.bin"))
        #expect(replaced.standardHeaders["content-type"] == "text/plain" && replaced.metadata == ["v": "2"], "\(replaced)")
        #expect(try client.getObject("plain.bin") == body)
        // A wrong Content-MD5 is refused by the store, and nothing is written.
        let refused = #expect(throws: S3Error.self) {
            try client.putObject("bad.bin", body: ByteBuffer(bytes: body), md5Base64: Self.md5([1, 2, 3]))
        }
        #expect(refused?.code == "BadDigest", "\(String(describing: refused))")
        #expect(try client.headObject("bad.bin") == nil)
        for name in names { try client.deleteObject(name) }
        #expect(try client.headObject("plain.bin") == nil)
        #expect(try client.getObject("plain.bin") == nil)
    }

    @Test func multipartResumesFromWhatTheStoreHoldsAndLeavesNothing() throws {
        let client = try Self.client(bucket: TestRGW.uniqueBucket("multipart"))
        try client.createBucket()
        let part = 5 << 20
        let body = Self.bytes(2 * part + 123, seed: 2)
        let pieces = [Array(body[0..<part]), Array(body[part..<2 * part]), Array(body[(2 * part)...])]
        let id = try client.createMultipartUpload("big.bin", headers: [("x-amz-meta-md5", Self.md5(body))])
        try client.uploadPart("big.bin", uploadID: id, number: 1, body: ByteBuffer(bytes: pieces[0]), md5Base64: Self.md5(pieces[0]))
        // A part whose MD5 does not match is refused (BadDigest) and not kept.
        let refused = #expect(throws: S3Error.self) {
            try client.uploadPart("big.bin", uploadID: id, number: 2, body: ByteBuffer(bytes: pieces[1]), md5Base64: Self.md5(pieces[0]))
        }
        #expect(refused?.code == "BadDigest", "\(String(describing: refused))")
        // "Resume": what the store holds is part 1, with the MD5 of its bytes as its ETag.
        let held = try #require(try client.listParts("big.bin", uploadID: id))
        #expect(held.map(\.number) == [1] && held[0].size == UInt64(part))
        #expect(held[0].etag == Data(Insecure.MD5.hash(data: pieces[0])).map { String(format: "%02x", $0) }.joined())
        #expect(try client.listMultipartUploads(prefix: "").map(\.uploadID) == [id])
        try client.uploadPart("big.bin", uploadID: id, number: 2, body: ByteBuffer(bytes: pieces[1]), md5Base64: Self.md5(pieces[1]))
        try client.uploadPart("big.bin", uploadID: id, number: 3, body: ByteBuffer(bytes: pieces[2]), md5Base64: Self.md5(pieces[2]))
        #expect(try client.headObject("big.bin") == nil, "not visible before completion")
        let parts = try #require(try client.listParts("big.bin", uploadID: id))
        try client.completeMultipartUpload("big.bin", uploadID: id, parts: parts)
        let info = try #require(try client.headObject("big.bin"))
        #expect(info.etag.hasSuffix("-3"), "a multipart ETag is not an MD5: \(info.etag)")
        #expect(info.size == UInt64(body.count) && info.metadata["md5"] == Self.md5(body))
        #expect(try client.getObject("big.bin") == body)
        #expect(try client.listParts("big.bin", uploadID: id) == nil, "a completed upload is gone")
        // An abandoned upload is aborted and no longer listed.
        let abandoned = try client.createMultipartUpload("left.bin")
        try client.uploadPart("left.bin", uploadID: abandoned, number: 1, body: ByteBuffer(bytes: pieces[2]), md5Base64: Self.md5(pieces[2]))
        #expect(try client.listMultipartUploads(prefix: "left").map(\.key) == ["left.bin"])
        try client.abortMultipartUpload("left.bin", uploadID: abandoned)
        try client.abortMultipartUpload("left.bin", uploadID: abandoned)   // twice is fine
        #expect(try client.listMultipartUploads(prefix: "").isEmpty)
        try client.deleteObject("big.bin")
    }

    @Test func refusalsAreNamedAndNotRetried() throws {
        let bucket = TestRGW.uniqueBucket("refusals")
        try Self.client(bucket: bucket).createBucket()
        let wrongKey = try Self.client(bucket: bucket, secret: "not-the-secret-0000000000000000000000000")
        let denied = #expect(throws: S3Error.self) { try wrongKey.checkBucket() }
        #expect(denied?.isRefusal == true && denied?.attempts == 1, "\(String(describing: denied))")
        let put = #expect(throws: S3Error.self) {
            try wrongKey.putObject("x", body: ByteBuffer(bytes: [1]), md5Base64: Self.md5([1]))
        }
        #expect(put?.code == "SignatureDoesNotMatch", "\(String(describing: put))")
        #expect(!(put?.description.contains("not-the-secret") ?? true))
        let missing = #expect(throws: S3Error.self) { try Self.client(bucket: "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())").checkBucket() }
        #expect(missing?.code == "NoSuchBucket" && missing?.isRefusal == true, "\(String(describing: missing))")
    }

    @Test func aStoreThatIsNotThereIsRetriedThenNamed() throws {
        // A port nothing listens on: connection refused, retried with backoff, then reported.
        let endpoint = try S3Endpoint.make(url: "http://127.0.0.1:9", region: "us-east-1", bucket: "b")
        let client = S3Client(endpoint: endpoint, credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "s"),
                              retry: S3RetryPolicy(attempts: 3, base: .milliseconds(10), cap: .milliseconds(50)))
        let failed = #expect(throws: S3Error.self) { try client.checkBucket() }
        #expect(failed?.kind == .unreachable && failed?.attempts == 3, "\(String(describing: failed))")
        #expect(failed?.description.contains("no answer from the store") == true, "\(String(describing: failed))")
    }
}
