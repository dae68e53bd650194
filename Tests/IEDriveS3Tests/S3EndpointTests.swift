@testable import IEDriveS3
import Testing

@Suite struct S3EndpointTests {
    @Test func customEndpointsArePathStyle() throws {
        let endpoint = try S3Endpoint.make(url: "http://127.0.0.1:7480/", region: "us-east-1", bucket: "intake")
        #expect(endpoint.pathStyle && endpoint.hostHeader == "127.0.0.1:7480")
        #expect(endpoint.path(key: "a b/c+d") == "/intake/a%20b/c%2Bd")
        #expect(endpoint.path(key: nil) == "/intake")
        #expect(try S3Endpoint.make(url: "https://s3.example.net:443", region: "r", bucket: "b").hostHeader == "s3.example.net")
    }

    @Test func withoutAnEndpointItIsAmazonsVirtualHost() throws {
        let endpoint = try S3Endpoint.make(url: nil, region: "eu-west-1", bucket: "intake")
        #expect(!endpoint.pathStyle && endpoint.hostHeader == "intake.s3.eu-west-1.amazonaws.com")
        #expect(endpoint.path(key: "k") == "/k" && endpoint.path(key: nil) == "/")
    }

    @Test func badEndpointsAreNamed() {
        for bad in ["127.0.0.1:7480", "ftp://host", "http://host/path", "http://host:0", "http://user@host"] {
            #expect(throws: S3ConfigurationError.self, "\(bad)") { try S3Endpoint.make(url: bad, region: "r", bucket: "b") }
        }
    }

    @Test func retryDelaysGrowAndStayUnderTheCap() {
        let policy = S3RetryPolicy(attempts: 8, base: .milliseconds(100), cap: .seconds(1))
        for attempt in 1...8 {
            let delay = policy.delay(after: attempt)
            #expect(delay >= .zero && delay <= .seconds(1))
        }
        #expect(S3RetryPolicy(attempts: 0).attempts == 1)
    }

    @Test func errorsSayWhetherToRetry() {
        #expect(S3Error(.unreachable, operation: "x", message: "connection refused").isTransient)
        #expect(S3Error(.answered(status: 503, code: "SlowDown"), operation: "x", message: "").isTransient)
        #expect(!S3Error(.answered(status: 403, code: "SignatureDoesNotMatch"), operation: "x", message: "").isTransient)
        #expect(S3Error(.answered(status: 403, code: "InvalidAccessKeyId"), operation: "x", message: "").isRefusal)
        #expect(S3Error(.answered(status: 404, code: "NoSuchBucket"), operation: "x", message: "").isRefusal)
        #expect(!S3Error(.answered(status: 400, code: "BadDigest"), operation: "x", message: "").isRefusal)
    }
}
