import Foundation
@testable import IEDriveStorageAccounts
import Testing

/// SAS tokens made by Microsoft's SDK (azure-storage-blob 12.31.1: generate_account_sas,
/// generate_blob_sas, generate_container_sas) for account `custdata` with the test key, valid
/// from 2026-12-01T08:00Z (where given) to 2026-12-08T08:00Z.
@Suite struct SharedAccessSignatureTests {
    static let key = SharedKeyTests.key
    static let accountSAS = "st=2026-12-01T08%3A00%3A00Z&se=2026-12-08T08%3A00%3A00Z&sp=rwl&sv=2026-10-06&ss=b&srt=sco"
        + "&sig=iDjUz5al5JAN0oPUbwnM8jaRSoJgRQBpYXV2QyeDlJw%3D"
    static let blobSAS = "st=2026-12-01T08%3A00%3A00Z&se=2026-12-08T08%3A00%3A00Z&sp=r&sv=2026-10-06&sr=b&rsct=image/jpeg"
        + "&sig=w2nj2OTWINj6/picTQRYw/x/vOeVFcOvtJGNZ%2B8a0zQ%3D"
    static let containerSAS = "se=2026-12-08T08%3A00%3A00Z&sp=rwl&sv=2026-10-06&sr=c&sig=hKMMw3Ro6UFIXAukqgcSP%2Bpm4hh99xYrgBbTvK2hJc4%3D"
    /// 2026-12-07 11:00 UTC: inside every token's window.
    static let now = SharedKeyTests.requestTime

    static func query(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding! }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    static func context(now: Int64 = now, keys: [StorageAccountKey] = [key], address: String? = "127.0.0.1",
                        https: Bool = false) -> SASVerifier.Context {
        SASVerifier.Context(account: "custdata", keys: keys, nowSeconds: now, clientAddress: address, isHTTPS: https)
    }

    static func refusal(_ token: String, _ operation: StorageOperation, _ context: SASVerifier.Context = context()) -> StorageAuthError? {
        do {
            guard let sas = try SharedAccessSignature(query: query(token)) else { return .anonymous() }
            try SASVerifier.verify(sas, for: operation, in: context)
            return nil
        } catch {
            return error
        }
    }

    @Test func theSDKsAccountSASAllowsWhatItSays() {
        #expect(Self.refusal(Self.accountSAS, .listContainers()) == nil)
        #expect(Self.refusal(Self.accountSAS, .listBlobs("photos")) == nil)
        #expect(Self.refusal(Self.accountSAS, .readBlob("photos", "a.jpg")) == nil)
        #expect(Self.refusal(Self.accountSAS, .writeBlob("photos", "a.jpg", creates: true)) == nil)
        #expect(Self.refusal(Self.accountSAS, .deleteBlob("photos", "a.jpg"))?.code == "AuthorizationPermissionMismatch")
        #expect(Self.refusal(Self.accountSAS, .deleteContainer("photos"))?.code == "AuthorizationPermissionMismatch")
    }

    @Test func theSDKsBlobSASIsForThatBlobOnly() {
        #expect(Self.refusal(Self.blobSAS, .readBlob("photos", "2024/jan/a b.jpg")) == nil)
        #expect(Self.refusal(Self.blobSAS, .readBlob("photos", "2024/jan/other.jpg"))?.code == "AuthenticationFailed")
        #expect(Self.refusal(Self.blobSAS, .writeBlob("photos", "2024/jan/a b.jpg", creates: false))?.code
            == "AuthorizationPermissionMismatch")
        #expect(Self.refusal(Self.blobSAS, .listBlobs("photos"))?.code == "AuthorizationResourceTypeMismatch")
        let sas = try? SharedAccessSignature(query: Self.query(Self.blobSAS))
        #expect(sas?.responseHeaders.contentType == "image/jpeg")
    }

    @Test func theSDKsContainerSASCoversItsContainer() {
        #expect(Self.refusal(Self.containerSAS, .listBlobs("photos")) == nil)
        #expect(Self.refusal(Self.containerSAS, .writeBlob("photos", "new/b.bin", creates: true)) == nil)
        #expect(Self.refusal(Self.containerSAS, .readBlob("logs", "x"))?.code == "AuthenticationFailed")
        #expect(Self.refusal(Self.containerSAS, .listContainers())?.code == "AuthorizationResourceTypeMismatch")
    }

    @Test func timeProtocolAddressAndKeyAreChecked() {
        let expired = Self.refusal(Self.accountSAS, .listContainers(), Self.context(now: 1_796_716_800))   // 2026-12-08T08:00Z
        #expect(expired?.detail.contains("not valid in the specified time frame") == true)
        let early = Self.refusal(Self.accountSAS, .listContainers(), Self.context(now: 1_796_112_000 - 1))
        #expect(early?.code == "AuthenticationFailed")
        #expect(Self.refusal(Self.accountSAS, .listContainers(), Self.context(keys: [.generate()]))?.detail.contains("Signature did not match") == true)

        // Fields the SDK did not sign are tampering: any change breaks the signature.
        let widened = Self.accountSAS.replacingOccurrences(of: "sp=rwl", with: "sp=rwdl")
        #expect(Self.refusal(widened, .deleteBlob("photos", "a"))?.detail.contains("Signature did not match") == true)

        // Tokens signed here with the test key: HTTPS only, an address range, another service.
        func signed(_ fields: [(String, String)]) -> String {
            var sas = try! SharedAccessSignature(query: fields + [("sig", "x")])!
            sas.signature = Self.key.sign(SASStringToSign.account(sas, account: "custdata"))
            return (fields + [("sig", sas.signature)]).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                .joined(separator: "&")
        }
        let base = [("sv", "2026-10-06"), ("ss", "b"), ("srt", "sco"), ("sp", "rl"), ("se", "2026-12-08T08:00:00Z")]
        #expect(Self.refusal(signed(base), .listContainers()) == nil)
        #expect(Self.refusal(signed(base + [("spr", "https")]), .listContainers())?.code == "AuthorizationProtocolMismatch")
        #expect(Self.refusal(signed(base + [("spr", "https")]), .listContainers(), Self.context(https: true)) == nil)
        #expect(Self.refusal(signed(base + [("sip", "10.0.0.1-10.0.0.9")]), .listContainers())?.code == "AuthorizationSourceIPMismatch")
        #expect(Self.refusal(signed(base + [("sip", "127.0.0.0-127.0.0.255")]), .listContainers()) == nil)
        let queueOnly = [("sv", "2026-10-06"), ("ss", "q"), ("srt", "sco"), ("sp", "rl"), ("se", "2026-12-08T08:00:00Z")]
        #expect(Self.refusal(signed(queueOnly), .listContainers())?.code == "AuthorizationServiceMismatch")
        let old = [("sv", "2013-08-15"), ("ss", "b"), ("srt", "sco"), ("sp", "rl"), ("se", "2026-12-08T08:00:00Z")]
        #expect(Self.refusal(signed(old), .listContainers())?.detail.contains("older than 2015-04-05") == true)
    }

    @Test func delegationAndPolicyTokensAreRefusedByName() {
        let delegation = Self.containerSAS + "&skoid=abc&sktid=def"
        #expect(Self.refusal(delegation, .listBlobs("photos"))?.detail.contains("User-delegation") == true)
        let policy = "si=readers&sv=2026-10-06&sr=c&sp=r&sig=abc"
        #expect(Self.refusal(policy, .listBlobs("photos"))?.detail.contains("stored access policy") == true)
    }

    @Test func authorizeChoosesSharedKeySASOrRefusesAnonymous() throws {
        var request = SharedKeyTests.putBlock
        let context = SASVerifier.Context(account: "custdata", keys: [Self.key], nowSeconds: Self.now, clientAddress: "127.0.0.1",
                                          isHTTPS: false)
        let write = StorageOperation.writeBlob("photos", "2024/a b.jpg", creates: true)
        #expect(throws: StorageAuthError.anonymous()) { try StorageAuthorizer.authorize(request, operation: write, context: context) }
        request.headers.append(("Authorization", "SharedKey custdata:Wy0Gae0dJ5CEsLMWtQF76Dvud2YsCjAXlRsr79SrICk="))
        #expect(try StorageAuthorizer.authorize(request, operation: write, context: context) == .sharedKey)
        var both = request
        both.query += Self.query(Self.accountSAS)
        #expect(throws: StorageAuthError.self) { try StorageAuthorizer.authorize(both, operation: write, context: context) }
        var bySAS = SharedKeyTests.putBlock
        bySAS.query += Self.query(Self.accountSAS)
        #expect(try StorageAuthorizer.authorize(bySAS, operation: write, context: context) == .sas(ResponseHeaderOverrides()))
    }
}

@Suite struct StorageTimeTests {
    @Test func bothFormsRead() {
        #expect(StorageTime.rfc1123("Mon, 07 Dec 2026 11:00:00 GMT") == 1_796_641_200)
        #expect(StorageTime.iso8601("2026-12-07T11:00:00Z") == 1_796_641_200)
        #expect(StorageTime.iso8601("2026-12-07T11:00:00.1234567Z") == 1_796_641_200)
        #expect(StorageTime.iso8601("2026-12-07T11:00Z") == 1_796_641_200)
        #expect(StorageTime.iso8601("2026-12-07") == 1_796_601_600)
        #expect(StorageTime.iso8601("1970-01-01T00:00:00Z") == 0)
        #expect(StorageTime.iso8601("2024-02-29T00:00:00Z") == 1_709_164_800)
        for bad in ["", "2026-13-01", "2026-12-07T11:00:00", "2026-12-07 11:00:00Z", "2026-12-07T11:00:00.Z", "tomorrow"] {
            #expect(StorageTime.iso8601(bad) == nil, "\(bad)")
        }
        #expect(StorageTime.rfc1123("07 Dec 2026 11:00:00 GMT") == nil)
        #expect(StorageTime.rfc1123("Mon, 07 Dec 2026 11:00:00 PST") == nil)
    }
}
