/// Why a Blob service request was not authorized: the error code, HTTP status and detail the
/// service answers with (`<Error><Code>…</Code><Message>…</Message><AuthenticationErrorDetail>`).
/// The detail names what was wrong, never a key or a signature.
public struct StorageAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var status: Int
    public var detail: String

    public init(code: String, status: Int, detail: String) {
        self.code = code
        self.status = status
        self.detail = detail
    }

    public var message: String {
        switch code {
        case "NoAuthenticationInformation":
            "Server failed to authenticate the request. Please refer to the information in the www-authenticate header."
        case "AuthenticationFailed":
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature."
        default:
            "This request is not authorized to perform this operation."
        }
    }

    public var description: String { "\(code) (\(status)): \(detail)" }

    static func anonymous() -> StorageAuthError {
        StorageAuthError(code: "NoAuthenticationInformation", status: 401,
                         detail: "The request carries neither an Authorization header nor a shared access signature.")
    }

    static func failed(_ detail: String) -> StorageAuthError {
        StorageAuthError(code: "AuthenticationFailed", status: 403, detail: detail)
    }

    static func mismatch(_ code: String, _ detail: String) -> StorageAuthError {
        StorageAuthError(code: code, status: 403, detail: detail)
    }
}
