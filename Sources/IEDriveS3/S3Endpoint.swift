/// Where a bucket is served: the endpoint's scheme, host and port, the region to sign for, and
/// whether the bucket goes in the path (`http://host:port/bucket/key`, what custom endpoints
/// such as Ceph RGW and MinIO take) or in the host name (`https://bucket.s3.region.amazonaws.com/key`).
public struct S3Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    public var region: String
    public var bucket: String
    public var pathStyle: Bool

    public init(scheme: String, host: String, port: Int?, region: String, bucket: String, pathStyle: Bool) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.region = region
        self.bucket = bucket
        self.pathStyle = pathStyle
    }

    /// From an endpoint URL (`http://127.0.0.1:7480`, `https://s3.example.net`), path-style;
    /// or, with no URL, AWS's own regional endpoint with the bucket in the host name.
    public static func make(url: String?, region: String, bucket: String) throws(S3ConfigurationError) -> S3Endpoint {
        guard let url, !url.isEmpty else {
            return S3Endpoint(scheme: "https", host: "\(bucket).s3.\(region).amazonaws.com", port: nil, region: region,
                              bucket: bucket, pathStyle: false)
        }
        guard let schemeEnd = url.range(of: "://") else {
            throw S3ConfigurationError("the S3 endpoint '\(url)' is not a URL (http://HOST:PORT or https://HOST)")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw S3ConfigurationError("the S3 endpoint '\(url)' must start with http:// or https://")
        }
        var authority = url[schemeEnd.upperBound...]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("?"), !authority.contains("@") else {
            throw S3ConfigurationError("the S3 endpoint '\(url)' must be only scheme, host and port (no path, query or user)")
        }
        var host = String(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(number) else {
                throw S3ConfigurationError("the S3 endpoint '\(url)' has a bad port")
            }
            host = String(authority[..<colon])
            port = number
        }
        return S3Endpoint(scheme: scheme, host: host, port: port, region: region, bucket: bucket, pathStyle: true)
    }

    /// The `Host` header: the host, with the port when it is not the scheme's default.
    public var hostHeader: String {
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else { return host }
        return "\(host):\(port)"
    }

    /// The encoded request path of `key` (nil: the bucket itself).
    public func path(key: String?) -> String {
        let bucketPart = pathStyle ? "/" + S3URIEncoding.encode(bucket) : ""
        guard let key else { return bucketPart.isEmpty ? "/" : bucketPart }
        return bucketPart + "/" + S3URIEncoding.encode(key, keepSlash: true)
    }

    public var baseURL: String { "\(scheme)://\(hostHeader)" }

    public var description: String {
        pathStyle ? "\(baseURL)/\(bucket)" : "s3://\(bucket) (\(baseURL))"
    }
}

/// A target address or configuration that cannot name an S3 bucket.
public struct S3ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
