/// Why an S3 request failed: the store's answer (HTTP status, S3 error code and message), or no
/// answer at all (connection refused, reset, timed out). Messages name the operation, the
/// bucket and key, and what the store said; never a credential.
public struct S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The store answered with an error document (or a bare status).
        case answered(status: Int, code: String)
        /// No answer: the connection could not be made or broke.
        case unreachable
    }

    public var kind: Kind
    public var operation: String
    public var message: String
    /// How many attempts were made before giving up.
    public var attempts: Int

    public init(_ kind: Kind, operation: String, message: String, attempts: Int = 1) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.attempts = attempts
    }

    public var status: Int? {
        if case .answered(let status, _) = kind { return status }
        return nil
    }

    public var code: String? {
        if case .answered(_, let code) = kind { return code }
        return nil
    }

    /// Worth another try: no answer, a 5xx, throttling, or a request the store timed out.
    public var isTransient: Bool {
        switch kind {
        case .unreachable: return true
        case .answered(let status, let code):
            return status >= 500 || status == 429 || status == 408
                || ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "RequestTimeTooSkewed"].contains(code)
        }
    }

    /// The store refused who we are or where we write: wrong or unknown key, bad signature,
    /// access denied, no such bucket. The drive state for these is "Storage account not
    /// accessible".
    public var isRefusal: Bool {
        switch kind {
        case .unreachable: return false
        case .answered(let status, let code):
            return status == 401 || status == 403 || code == "NoSuchBucket"
                || ["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "AllAccessDisabled", "InvalidToken",
                    "ExpiredToken", "AuthorizationHeaderMalformed"].contains(code)
        }
    }

    public var description: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch kind {
        case .answered(let status, let code):
            return "\(operation): the store answered HTTP \(status) \(code)\(message.isEmpty ? "" : ": \(message)")\(tries)"
        case .unreachable:
            return "\(operation): no answer from the store (\(message))\(tries)"
        }
    }
}
