/// Where a running daemon answers: its control socket (a path, or `unix:PATH`) or an HTTP URL
/// (`http://HOST:PORT`). Chosen by `--endpoint`, else `IEDRIVE_ENDPOINT`, else the default
/// control socket.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    case unixSocket(path: String)
    case tcp(host: String, port: Int)

    public init(parsing text: String) throws(ClientError) {
        if text.hasPrefix("http://") {
            let rest = text.dropFirst("http://".count).split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            let parts = rest.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port), !parts[0].isEmpty else {
                throw ClientError.badEndpoint(text)
            }
            self = .tcp(host: String(parts[0]), port: port)
        } else if text.hasPrefix("https://") {
            throw ClientError.badEndpoint(text + " (https is not supported by this client yet; use the control socket)")
        } else if text.hasPrefix("unix:") {
            self = .unixSocket(path: String(text.dropFirst("unix:".count)))
        } else if text.hasPrefix("/") || text.hasPrefix(".") {
            self = .unixSocket(path: text)
        } else {
            throw ClientError.badEndpoint(text)
        }
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): path
        case .tcp(let host, let port): "http://\(host):\(port)"
        }
    }

    /// The `Host:` header value.
    var hostHeader: String {
        switch self {
        case .unixSocket: "localhost"
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }
}

/// Why a request to the daemon did not get an answer.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    case badEndpoint(String)
    case cannotConnect(endpoint: String, reason: String)
    case io(String)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .badEndpoint(let text):
            "'\(text)' is not an endpoint: give the control socket's path or http://HOST:PORT"
        case .cannotConnect(let endpoint, let reason):
            "cannot reach the daemon at \(endpoint): \(reason). Is `iedrive daemon` running? (--endpoint or IEDRIVE_ENDPOINT say where)"
        case .io(let reason): "the connection to the daemon failed: \(reason)"
        case .malformedResponse(let reason): "the daemon's answer is not HTTP: \(reason)"
        }
    }
}
