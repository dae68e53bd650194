import IEDriveCore
import IEDriveS3
@testable import IEDriveS3Target
import IEDriveTestSupport
import NIOCore
import Testing

/// The description written with a real object on Ceph RGW and read back by HEAD.
@Suite(.enabled(if: TestRGW.current != nil, Comment(rawValue: TestRGW.unavailableReason)))
struct S3BlobDescriptionRGWTests {
    @Test func aDescriptionSurvivesTheStore() throws {
        let rgw = try #require(TestRGW.current)
        let client = S3Client(endpoint: try S3Endpoint.make(url: rgw.endpoint, region: rgw.region, bucket: TestRGW.uniqueBucket("description")),
                              credentials: S3Credentials(accessKeyID: rgw.accessKeyID, secretAccessKey: rgw.secretAccessKey))
        try client.createBucket()
        let layout = S3BlobDescriptionTests.layout
        for name in ["photos/a b.jpg", "deep/" + String(repeating: "é", count: 1_000)] {
            let blob = try S3BlobDescriptionTests.sample(name: name)
            let key = layout.key(for: blob.path)
            let body: [UInt8] = [1, 2, 3]
            let md5 = MD5Digest(base16: FakeDrive.md5(body))!.base64
            try client.putObject(key, body: ByteBuffer(bytes: body), md5Base64: md5, headers: blob.headers(layout: layout))
            let info = try #require(try client.headObject(key))
            let back = try #require(S3BlobDescription(key: key, info: info, layout: layout))
            #expect(back.path == blob.path && back.metadata == blob.metadata && back.md5 == blob.md5 && back.type == .page)
            #expect(back.properties.contentType == "image/jpeg" && back.properties.cacheControl == "max-age=60"
                    && back.properties.contentLanguage == "en-GB" && back.properties.contentMD5 == blob.properties.contentMD5,
                    "\(back.properties)")
            try client.deleteObject(key)
        }
    }
}
