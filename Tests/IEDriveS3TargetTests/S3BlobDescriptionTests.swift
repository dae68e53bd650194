import IEDriveCore
import IEDriveS3
@testable import IEDriveS3Target
import Testing

@Suite struct S3BlobDescriptionTests {
    static let layout = S3BlobLayout(prefix: "imports")

    static func sample(name: String = "photos/a b.jpg") throws -> S3BlobDescription {
        S3BlobDescription(
            path: try BlobPath(container: "intake", name: name), type: .page, length: 4096,
            md5: MD5Digest(base16: "0123456789ABCDEF0123456789ABCDEF"),
            properties: BlobProperties(contentType: "image/jpeg", contentMD5: MD5Digest(base16: "FEDCBA9876543210FEDCBA9876543210"),
                                       contentEncoding: "identity", contentLanguage: "en-GB", cacheControl: "max-age=60"),
            metadata: BlobMetadata(pairs: [.init(name: "Project", value: "harbor survey"), .init(name: "note", value: "naïve — 日本語"),
                                           .init(name: "Empty", value: "")]),
            stagedID: StagedBlobID(rawValue: "DRIVE01-abc-7"))
    }

    /// The headers as S3 gives them back on HEAD: names lower-cased, `x-amz-meta-` split off.
    static func asStored(_ headers: [(String, String)], key: String, size: UInt64) -> S3ObjectInfo {
        var standard: [String: String] = [:], metadata: [String: String] = [:]
        for (name, value) in headers {
            if name.hasPrefix("x-amz-meta-") { metadata[String(name.dropFirst(11)).lowercased()] = value } else { standard[name] = value }
        }
        return S3ObjectInfo(key: key, size: size, etag: "abc-2", lastModified: "Mon, 07 Dec 2026 10:00:00 GMT",
                            standardHeaders: standard, metadata: metadata)
    }

    @Test func everythingRoundTrips() throws {
        let blob = try Self.sample()
        let headers = blob.headers(layout: Self.layout)
        #expect(headers.allSatisfy { $0.1.unicodeScalars.allSatisfy { $0.isASCII } }, "every header value is ASCII: \(headers)")
        let key = Self.layout.key(for: blob.path)
        let back = try #require(S3BlobDescription(key: key, info: Self.asStored(headers, key: key, size: 4096), layout: Self.layout))
        #expect(back.path == blob.path && back.type == .page && back.length == 4096 && back.md5 == blob.md5)
        #expect(back.stagedID == blob.stagedID)
        #expect(back.metadata == blob.metadata, "names keep their case and order, values their text: \(back.metadata)")
        #expect(back.properties.contentType == "image/jpeg" && back.properties.contentMD5 == blob.properties.contentMD5)
        #expect(back.properties.contentLanguage == "en-GB" && back.properties.cacheControl == "max-age=60"
                && back.properties.contentEncoding == "identity")
        #expect(back.properties.etag == "abc-2" && back.properties.lastModified == "Mon, 07 Dec 2026 10:00:00 GMT")
    }

    @Test func aLongNameIsKeptInTheObject() throws {
        let blob = try Self.sample(name: "deep/" + String(repeating: "é", count: 1_000))
        let key = Self.layout.key(for: blob.path)
        #expect(key.hasPrefix("imports/.iedrive/long/intake/"))
        let back = try #require(S3BlobDescription(key: key, info: Self.asStored(blob.headers(layout: Self.layout), key: key, size: 1),
                                                  layout: Self.layout))
        #expect(back.path == blob.path)
    }

    @Test func metadataOtherClientsWroteIsShownToo() throws {
        let key = "imports/intake/x.bin"
        let info = S3ObjectInfo(key: key, size: 3, etag: "e", metadata: ["md5chksum": "abc", "owner": "=?UTF-8?B?w6k=?="])
        let back = try #require(S3BlobDescription(key: key, info: info, layout: Self.layout))
        #expect(back.type == .block && back.md5 == nil && back.stagedID == nil)
        #expect(back.metadata.pairs == [.init(name: "md5chksum", value: "abc"), .init(name: "owner", value: "é")])
    }

    @Test func headerTextEncodesWhatHeadersCannotCarry() {
        #expect(S3HeaderText.encode("plain value") == "plain value")
        for value in ["naïve", " padded", "tab\there", "=?looks encoded?=", "日本語"] {
            let encoded = S3HeaderText.encode(value)
            #expect(encoded.hasPrefix("=?UTF-8?B?") && S3HeaderText.decode(encoded) == value, "\(value) → \(encoded)")
        }
        #expect(S3HeaderText.decode("=?utf-8?q?caf=C3=A9_au_lait?=") == "café au lait")
        #expect(S3HeaderText.decode("=?broken") == "=?broken")
    }
}
