import Foundation
@testable import IEDriveS3
import Testing

/// The signer against the worked examples of Amazon's S3 documentation ("Signature Calculations
/// for the Authorization Header", example bucket and key pair, 24 May 2013 00:00:00 UTC).
@Suite struct SigV4SignerTests {
    static let credentials = S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                           secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)   // 2013-05-24T00:00:00Z
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
    static let host = ("host", "examplebucket.s3.amazonaws.com")

    static func authorization(_ request: SigV4Signer.Request) -> String {
        signer.sign(request, at: date).first { $0.0 == "Authorization" }?.1 ?? ""
    }

    @Test func getObjectWithARange() {
        let header = Self.authorization(SigV4Signer.Request(method: "GET", path: "/test.txt", headers: [Self.host, ("Range", "bytes=0-9")],
                                                            payloadHash: SigV4Signer.emptyPayloadHash))
        #expect(header == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func putObjectWithASignedPayloadAndAnEncodedKey() {
        let body = Array("Welcome to Amazon S3.".utf8)
        #expect(SigV4Signer.payloadHash(body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let header = Self.authorization(SigV4Signer.Request(
            method: "PUT", path: "/" + S3URIEncoding.encode("test$file.text", keepSlash: true),
            headers: [Self.host, ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: SigV4Signer.payloadHash(body)))
        #expect(header.hasSuffix("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                                 + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"), "\(header)")
    }

    @Test func subresourceWithoutAValue() {
        let header = Self.authorization(SigV4Signer.Request(method: "GET", path: "/", query: [("lifecycle", "")], headers: [Self.host],
                                                            payloadHash: SigV4Signer.emptyPayloadHash))
        #expect(header.hasSuffix("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"), "\(header)")
    }

    @Test func queryParametersAreSorted() {
        let header = Self.authorization(SigV4Signer.Request(method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")],
                                                            headers: [Self.host], payloadHash: SigV4Signer.emptyPayloadHash))
        #expect(header.hasSuffix("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"), "\(header)")
    }

    @Test func theSecretAppearsInNoHeaderAndNoDescription() {
        let headers = Self.signer.sign(SigV4Signer.Request(method: "GET", path: "/", headers: [Self.host],
                                                           payloadHash: SigV4Signer.unsignedPayload), at: Self.date)
        #expect(!headers.contains { $0.1.contains(Self.credentials.secretAccessKey) })
        #expect(!"\(Self.credentials)".contains(Self.credentials.secretAccessKey))
        #expect(headers.contains { $0 == ("x-amz-content-sha256", "UNSIGNED-PAYLOAD") })
    }

    @Test func encodingKeepsOnlyUnreservedBytes() {
        #expect(S3URIEncoding.encode("a b+c%d/é~_.-", keepSlash: true) == "a%20b%2Bc%25d/%C3%A9~_.-")
        #expect(S3URIEncoding.encode("a/b") == "a%2Fb")
        #expect(S3URIEncoding.canonicalQuery([("uploads", ""), ("b", "2"), ("a", "x y")]) == "a=x%20y&b=2&uploads=")
    }

    @Test func headerValuesAreTrimmedAndJoined() {
        let (text, signed) = Self.signer.canonicalRequest(
            SigV4Signer.Request(method: "GET", path: "/", headers: [], payloadHash: "p"),
            headers: [("X-Amz-Meta-A", "  one   two "), ("x-amz-meta-a", "three"), ("Host", "h")])
        #expect(signed == "host;x-amz-meta-a")
        #expect(text.contains("x-amz-meta-a:one two,three\n"), "\(text)")
    }
}
