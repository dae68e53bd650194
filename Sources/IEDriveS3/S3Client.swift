public import AsyncHTTPClient
import Foundation
import Glibc
import IEDriveManifest
import NIOCore
import NIOHTTP1

/// An S3 client of one bucket: SigV4-signed requests over async-http-client, transient
/// failures retried by ``S3RetryPolicy``, errors as ``S3Error``. The operations live in the
/// extensions (`+Objects`, `+Multipart`, `+Listing`); this file sends one request.
public struct S3Client: Sendable {
    public let endpoint: S3Endpoint
    public var retry: S3RetryPolicy
    /// How long one attempt may take, answer body included.
    public var attemptTimeout: Duration
    let signer: SigV4Signer
    let http: HTTPClient

    public init(endpoint: S3Endpoint, credentials: S3Credentials, retry: S3RetryPolicy = S3RetryPolicy(),
                attemptTimeout: Duration = .seconds(120), http: HTTPClient = S3Client.defaultHTTPClient) {
        self.endpoint = endpoint
        self.retry = retry
        self.attemptTimeout = attemptTimeout
        self.signer = SigV4Signer(credentials: credentials, region: endpoint.region)
        self.http = http
    }

    /// The process's HTTP client for object stores: connections kept for reuse, a 10 s connect
    /// timeout, and a failed connect reported at once rather than retried inside the pool until
    /// the request's deadline (AHC's default), so ``S3RetryPolicy`` alone decides how long a
    /// store that is down is waited for. Never shut down: it lives as long as the process.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// An answer: status, headers (names lower-cased; repeated ones joined by commas), body.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
    }

    /// One request, retried while its failure is transient. `expect`: the statuses that are
    /// answers, not errors (others become ``S3Error`` from the error document). `signPayload`:
    /// sign the body's SHA-256 rather than `UNSIGNED-PAYLOAD` (small XML bodies).
    ///
    /// Synchronous: the calling thread waits for the answer (the storage target's calls come
    /// from the commit queue, writer queues and lanes, never from an event loop); the I/O runs
    /// on the HTTP client's own event loops.
    func send(_ operation: String, method: HTTPMethod, key: String?, query: [(String, String)] = [],
              headers: [(String, String)] = [], body: ByteBuffer? = nil, signPayload: Bool = false,
              expect: Set<Int> = [200], bodyLimit: Int = 16 << 20) throws(S3Error) -> Answer {
        var attempt = 0
        while true {
            attempt += 1
            do throws(S3Error) {
                return try sendOnce(operation, method: method, key: key, query: query, headers: headers, body: body,
                                    signPayload: signPayload, expect: expect, bodyLimit: bodyLimit)
            } catch {
                guard error.isTransient, attempt < retry.attempts else {
                    var failed = error
                    failed.attempts = attempt
                    throw failed
                }
                let pause = retry.delay(after: attempt)
                usleep(UInt32(min(Int64(UInt32.max), pause.components.seconds * 1_000_000 + pause.components.attoseconds / 1_000_000_000_000)))
            }
        }
    }

    private func sendOnce(_ operation: String, method: HTTPMethod, key: String?, query: [(String, String)],
                          headers: [(String, String)], body: ByteBuffer?, signPayload: Bool, expect: Set<Int>,
                          bodyLimit: Int) throws(S3Error) -> Answer {
        let path = endpoint.path(key: key)
        let payloadHash: String
        if let body, body.readableBytes > 0 {
            payloadHash = signPayload ? SigV4Signer.payloadHash(body.readableBytesView) : SigV4Signer.unsignedPayload
        } else {
            payloadHash = SigV4Signer.emptyPayloadHash
        }
        var unsigned = headers
        unsigned.append(("host", endpoint.hostHeader))
        let signed = signer.sign(SigV4Signer.Request(method: method.rawValue, path: path, query: query, headers: unsigned,
                                                     payloadHash: payloadHash), at: Date())
        let queryText = query.isEmpty ? "" : "?" + S3URIEncoding.canonicalQuery(query)
        var fields = HTTPHeaders()
        for (name, value) in signed where name.lowercased() != "host" { fields.add(name: name, value: value) }
        if body == nil, method == .PUT || method == .POST { fields.replaceOrAdd(name: "content-length", value: "0") }
        let response: HTTPClient.Response
        do {
            let request = try HTTPClient.Request(url: endpoint.baseURL + path + queryText, method: method, headers: fields,
                                                 body: body.map { .byteBuffer($0) })
            let nanoseconds = attemptTimeout.components.seconds * 1_000_000_000 + attemptTimeout.components.attoseconds / 1_000_000_000
            response = try http.execute(request: request, deadline: .now() + .nanoseconds(nanoseconds)).wait()
        } catch {
            throw S3Error(.unreachable, operation: operation, message: Self.describe(error))
        }
        var answerHeaders: [String: String] = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            answerHeaders[name] = answerHeaders[name].map { $0 + "," + header.value } ?? header.value
        }
        let bytes = response.body.map { Array($0.readableBytesView) } ?? []
        guard bytes.count <= bodyLimit else {
            throw S3Error(.answered(status: Int(response.status.code), code: "AnswerTooLarge"), operation: operation,
                          message: "the answer has \(bytes.count) bytes, more than \(bodyLimit)")
        }
        let answer = Answer(status: Int(response.status.code), headers: answerHeaders, body: bytes)
        guard expect.contains(answer.status) else { throw Self.error(answer, operation: operation) }
        return answer
    }

    /// The ``S3Error`` an error answer stands for, from its `<Error>` document when it has one.
    static func error(_ answer: Answer, operation: String) -> S3Error {
        let document = try? XMLElementTree.parse(answer.body)
        let code = document?.text(of: "Code") ?? Self.codeForStatus(answer.status)
        var message = document?.text(of: "Message") ?? ""
        if let bucket = document?.text(of: "BucketName"), !bucket.isEmpty, code == "NoSuchBucket" {
            message = message.isEmpty ? "no bucket \(bucket)" : "\(message) (bucket \(bucket))"
        }
        return S3Error(.answered(status: answer.status, code: code), operation: operation, message: message)
    }

    private static func codeForStatus(_ status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 400: "BadRequest"
        case 403: "AccessDenied"
        case 404: "NotFound"
        case 409: "Conflict"
        case 412: "PreconditionFailed"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        default: "HTTP\(status)"
        }
    }

    /// A transport error in words an operator can act on (AHC's own descriptions are terse).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("connection refused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") {
            return "connection refused"
        }
        if text.contains("deadlineExceeded") || text.contains("readTimeout") { return "the answer took too long" }
        if text.contains("remoteConnectionClosed") { return "the store closed the connection" }
        return text
    }
}
