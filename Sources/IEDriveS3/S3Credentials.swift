/// An S3 access key pair (and an optional session token). The secret never leaves this value
/// in text: `description` names the key id only, so a credential can be logged by mistake
/// without harm.
public struct S3Credentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// `AWS_SESSION_TOKEN`, sent as `x-amz-security-token` when present.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "S3 access key \(accessKeyID) (secret withheld)" }
}
