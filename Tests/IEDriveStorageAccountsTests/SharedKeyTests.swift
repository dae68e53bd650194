@testable import IEDriveStorageAccounts
import Testing

/// Shared Key as Microsoft's SDK signs it. The expected strings and signatures were produced by
/// azure-storage-blob 12.31.1 (PyPI): its SharedKeyCredentialPolicy over the request below, with
/// the key below (made up for these tests).
@Suite struct SharedKeyTests {
    static let key = StorageAccountKey(base64: "Kq8iVp3fLxYz0c8mGk6ZsH1oP2rT4uW5yA7bC9dE0fG1hI2jK3lM4nO5pQ6rS7tU8vW9xY0zA1bC2dE3fG4hI5jK6A==")!
    /// 2026-12-07 11:00:00 UTC.
    static let requestTime: Int64 = 1_796_641_200

    static let putBlock = SharedKeyRequest(
        method: "PUT",
        headers: [("x-ms-version", "2026-10-06"), ("x-ms-date", "Mon, 07 Dec 2026 11:00:00 GMT"), ("Content-Length", "5"),
                  ("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg=="), ("x-ms-client-request-id", "abc"),
                  ("Content-Type", "application/octet-stream"), ("x-ms-meta-a-c", "2"), ("x-ms-meta-ab", "1")],
        encodedPath: "/custdata/photos/2024/a%20b.jpg",
        query: [("comp", "block"), ("blockid", "QUFBQQ==")])

    @Test func theStringToSignIsTheSDKs() {
        let expected = "PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\napplication/octet-stream\n\n\n\n\n\n\n"
            + "x-ms-client-request-id:abc\nx-ms-date:Mon, 07 Dec 2026 11:00:00 GMT\nx-ms-meta-ab:1\nx-ms-meta-a-c:2\n"
            + "x-ms-version:2026-10-06\n/custdata/custdata/photos/2024/a%20b.jpg\nblockid:QUFBQQ==\ncomp:block"
        #expect(SharedKeyStringToSign.make(Self.putBlock, account: "custdata", order: .service, signsRange: false) == expected)
        #expect(Self.key.sign(expected) == "Wy0Gae0dJ5CEsLMWtQF76Dvud2YsCjAXlRsr79SrICk=")
    }

    @Test func theSDKsSignatureIsAccepted() throws {
        try SharedKeyVerifier.verify(Self.putBlock, authorization: "SharedKey custdata:Wy0Gae0dJ5CEsLMWtQF76Dvud2YsCjAXlRsr79SrICk=",
                                     account: "custdata", keys: [Self.key], nowSeconds: Self.requestTime + 60)
    }

    /// A client that sorts the x-ms headers by bytes (as the REST reference says) is accepted too.
    @Test func aByteOrderSignatureIsAccepted() throws {
        let text = SharedKeyStringToSign.make(Self.putBlock, account: "custdata", order: .bytes, signsRange: false)
        #expect(text.contains("x-ms-meta-a-c:2\nx-ms-meta-ab:1"))
        try SharedKeyVerifier.verify(Self.putBlock, authorization: "SharedKey custdata:" + Self.key.sign(text),
                                     account: "custdata", keys: [Self.key], nowSeconds: Self.requestTime)
    }

    @Test func refusals() {
        let good = "SharedKey custdata:Wy0Gae0dJ5CEsLMWtQF76Dvud2YsCjAXlRsr79SrICk="
        func refusal(_ request: SharedKeyRequest = SharedKeyTests.putBlock, _ authorization: String = good,
                     account: String = "custdata", keys: [StorageAccountKey] = [SharedKeyTests.key],
                     now: Int64 = SharedKeyTests.requestTime) -> StorageAuthError? {
            do {
                try SharedKeyVerifier.verify(request, authorization: authorization, account: account, keys: keys, nowSeconds: now)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(keys: [.generate()])?.code == "AuthenticationFailed")
        #expect(refusal(account: "other")?.detail.contains("names account 'custdata'") == true)
        #expect(refusal(now: Self.requestTime + 16 * 60)?.detail.contains("15 minutes") == true)
        #expect(refusal(now: Self.requestTime - 16 * 60)?.detail.contains("15 minutes") == true)
        #expect(refusal(Self.putBlock, "Bearer abc")?.detail.contains("not SharedKey") == true)
        var tampered = Self.putBlock
        tampered.query = [("comp", "block"), ("blockid", "QkJCQg==")]
        #expect(refusal(tampered)?.code == "AuthenticationFailed")
        var undated = Self.putBlock
        undated.headers.removeAll { $0.name == "x-ms-date" }
        #expect(refusal(undated)?.detail.contains("x-ms-date") == true)
        // A second key of the account (rotation) is tried as well.
        #expect(refusal(keys: [.generate(), Self.key]) == nil)
    }

    @Test func keysNeverShowThemselves() {
        #expect(!"\(Self.key)".contains(Self.key.base64))
        #expect(StorageAccountKey.generate().bytes.count == 64)
        #expect(StorageAccountKey(base64: "not base64!") == nil)
    }
}

@Suite struct StorageHeaderOrderTests {
    /// The order azure-storage-blob 12.31.1's `_storage_header_sort` gave for these names.
    @Test func theServiceOrderIsTheSDKs() {
        let names = ["x-ms-meta-ab", "x-ms-meta-a-c", "x-ms-version", "x-ms-date", "x-ms-blob-type", "x-ms-meta-a_b",
                     "x-ms-meta-a1", "x-ms-client-request-id", "x-ms-meta-zed"]
        #expect(StorageHeaderOrder.service.sorted(names) == [
            "x-ms-blob-type", "x-ms-client-request-id", "x-ms-date", "x-ms-meta-a_b", "x-ms-meta-a1", "x-ms-meta-ab",
            "x-ms-meta-a-c", "x-ms-meta-zed", "x-ms-version",
        ])
        #expect(StorageHeaderOrder.bytes.sorted(["x-ms-meta-ab", "x-ms-meta-a-c"]) == ["x-ms-meta-a-c", "x-ms-meta-ab"])
    }

    /// Names equal but for where a hyphen is: the later hyphen first, as the SDK orders them.
    @Test func hyphenPlacementBreaksTies() {
        #expect(StorageHeaderOrder.service.sorted(["x-ms-a-bc", "x-ms-ab-c"]) == ["x-ms-ab-c", "x-ms-a-bc"])
    }
}
