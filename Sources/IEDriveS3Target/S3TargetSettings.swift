public import IEDriveS3

/// Everything an S3 target needs, resolved from its address (`s3://BUCKET[/PREFIX]`), the
/// environment (`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN`, `AWS_REGION` / `AWS_DEFAULT_REGION`) and the configuration file's
/// `[s3]` section, the environment first. A secret may sit in the file only when no one but
/// its owner can read it (mode 0600 or stricter). No message here ever carries a secret.
public struct S3TargetSettings: Sendable, Hashable, CustomStringConvertible {
    public var endpoint: S3Endpoint
    public var layout: S3BlobLayout
    public var credentials: S3Credentials

    /// The configuration file's `[s3]` keys, as read (nil: not set), and the file's path and mode.
    public struct FileSection: Sendable, Hashable {
        public var endpoint: String?
        public var region: String?
        public var accessKeyID: String?
        public var secretAccessKey: String?
        public var path: String
        public var mode: UInt32

        public init(endpoint: String? = nil, region: String? = nil, accessKeyID: String? = nil, secretAccessKey: String? = nil,
                    path: String, mode: UInt32) {
            self.endpoint = endpoint
            self.region = region
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.path = path
            self.mode = mode
        }
    }

    /// Splits `s3://BUCKET[/PREFIX]`; nil when `address` is not an `s3:` URL at all.
    public static func parseAddress(_ address: String) throws(S3ConfigurationError) -> (bucket: String, prefix: String)? {
        guard address.lowercased().hasPrefix("s3://") else { return nil }
        let rest = address.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let bucket = String(rest[..<slash])
        let prefix = slash == rest.endIndex ? "" : String(rest[rest.index(after: slash)...])
        if let problem = bucketProblem(bucket) { throw S3ConfigurationError("target \(address): \(problem)") }
        guard !prefix.contains("?"), !prefix.contains("#") else {
            throw S3ConfigurationError("target \(address): an S3 address is s3://BUCKET or s3://BUCKET/PREFIX, without query or fragment")
        }
        let segments = prefix.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == "." || $0 == ".." || $0 == ".iedrive" }) else {
            throw S3ConfigurationError("target \(address): the prefix may not contain '.', '..' or '.iedrive' segments")
        }
        guard prefix.utf8.count <= 512 else { throw S3ConfigurationError("target \(address): the prefix is longer than 512 bytes") }
        return (bucket, segments.joined(separator: "/"))
    }

    /// Why `name` is not an S3 bucket name (3–63 lower-case letters, digits, `.` and `-`,
    /// starting and ending with a letter or digit), nil if it is one.
    public static func bucketProblem(_ name: String) -> String? {
        guard (3...63).contains(name.utf8.count) else { return "a bucket name has 3 to 63 characters; '\(name)' has \(name.utf8.count)" }
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        guard allowed else { return "a bucket name has only lower-case letters, digits, '.' and '-' ('\(name)')" }
        guard let first = name.unicodeScalars.first, let last = name.unicodeScalars.last,
              first != "." && first != "-" && last != "." && last != "-" else {
            return "a bucket name starts and ends with a letter or digit ('\(name)')"
        }
        return nil
    }

    /// Resolves the settings of target `address`. Throws naming what is missing or refused.
    public static func resolve(address: String, environment: [String: String], file: FileSection?) throws(S3ConfigurationError) -> S3TargetSettings {
        guard let (bucket, prefix) = try parseAddress(address) else {
            throw S3ConfigurationError("target \(address) is not an s3:// address")
        }
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let file, file.secretAccessKey != nil, file.mode & 0o077 != 0 {
            throw S3ConfigurationError("\(file.path) holds an S3 secret key but others can read it (mode "
                + String(file.mode & 0o777, radix: 8) + "): chmod 600 \(file.path), or give the key in AWS_SECRET_ACCESS_KEY")
        }
        let region = env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? file?.region ?? "us-east-1"
        let endpointURL = env("AWS_ENDPOINT_URL_S3") ?? env("AWS_ENDPOINT_URL") ?? file?.endpoint
        let keyID: String, secret: String
        if let envKey = env("AWS_ACCESS_KEY_ID") {
            guard let envSecret = env("AWS_SECRET_ACCESS_KEY") else {
                throw S3ConfigurationError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            (keyID, secret) = (envKey, envSecret)
        } else if let fileKey = file?.accessKeyID, let fileSecret = file?.secretAccessKey {
            (keyID, secret) = (fileKey, fileSecret)
        } else {
            throw S3ConfigurationError("no S3 credentials for \(address): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                + "or access_key_id and secret_access_key in the configuration file's [s3] section (mode 600)")
        }
        let token = env("AWS_ACCESS_KEY_ID") != nil ? env("AWS_SESSION_TOKEN") : nil
        let endpoint = try S3Endpoint.make(url: endpointURL, region: region, bucket: bucket)
        return S3TargetSettings(endpoint: endpoint, layout: S3BlobLayout(prefix: prefix),
                                credentials: S3Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token))
    }

    /// `s3://BUCKET/PREFIX at ENDPOINT`: what logs and errors show (no secret).
    public var description: String {
        let prefix = layout.prefix.isEmpty ? "" : "/" + layout.prefix.dropLast()
        return "s3://\(endpoint.bucket)\(prefix) at \(endpoint.baseURL)"
    }
}
