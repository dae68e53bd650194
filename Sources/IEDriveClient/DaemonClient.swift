/// HTTP/1.1 to the daemon, one request per connection (`Connection: close`): plain requests
/// and a line stream for the event feed. Bearer token when given.
public struct DaemonClient: Sendable {
    public let endpoint: Endpoint
    public let token: String?

    public init(endpoint: Endpoint, token: String? = nil) {
        self.endpoint = endpoint
        self.token = token
    }

    public func request(_ method: String, _ path: String, body: [UInt8]? = nil,
                        contentType: String = "application/json",
                        extraHeaders: [(String, String)] = []) throws(ClientError) -> HTTPResponse {
        let connection = try DaemonConnection(endpoint)
        try connection.send(head(method, path, body: body, contentType: contentType, extra: extraHeaders) + (body ?? []))
        let (status, headers) = try readHead(connection)
        let body: [UInt8]
        if let length = headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap({ Int($0.value) }) {
            body = try connection.readBytes(length)
        } else if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }) {
            body = try readChunked(connection)
        } else {
            body = try connection.readToEnd()
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// Sends a GET and hands each line of the (chunked or raw) response body to `line` until it
    /// returns false or the daemon ends the stream. Returns the status when it is not 2xx.
    public func stream(_ path: String, headers extra: [(String, String)] = [],
                       line: (String) -> Bool) throws(ClientError) -> HTTPResponse? {
        let connection = try DaemonConnection(endpoint)
        try connection.send(head("GET", path, body: nil, contentType: nil, extra: extra))
        let (status, headers) = try readHead(connection)
        guard (200..<300).contains(status) else {
            return HTTPResponse(status: status, headers: headers, body: try connection.readToEnd())
        }
        let chunked = headers.contains { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }
        var pending: [UInt8] = []
        while true {
            let bytes: [UInt8]
            if chunked {
                guard let sizeLine = try connection.readLine(),
                      let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16) else { return nil }
                if size == 0 { return nil }
                bytes = try connection.readBytes(size)
                _ = try connection.readLine()
            } else {
                guard let text = try connection.readLine() else { return nil }
                bytes = Array(text.utf8) + [UInt8(ascii: "\n")]
            }
            pending.append(contentsOf: bytes)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if !line(text.hasSuffix("\r") ? String(text.dropLast()) : text) { return nil }
            }
        }
    }

    private func head(_ method: String, _ path: String, body: [UInt8]?, contentType: String?,
                      extra: [(String, String)] = []) -> [UInt8] {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: \(endpoint.hostHeader)", "Connection: close",
                     "Accept: application/json", "User-Agent: iedrive-cli"]
        if let token { lines.append("Authorization: Bearer \(token)") }
        if let body {
            lines.append("Content-Length: \(body.count)")
            if let contentType { lines.append("Content-Type: \(contentType)") }
        } else if method != "GET" {
            lines.append("Content-Length: 0")
        }
        for (name, value) in extra { lines.append("\(name): \(value)") }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private func readHead(_ connection: DaemonConnection) throws(ClientError) -> (Int, [(name: String, value: String)]) {
        guard let statusLine = try connection.readLine() else { throw .malformedResponse("the daemon closed the connection") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw .malformedResponse("status line '\(statusLine.prefix(80))'")
        }
        var headers: [(name: String, value: String)] = []
        while let line = try connection.readLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingSpaces()))
        }
        return (status, headers)
    }

    private func readChunked(_ connection: DaemonConnection) throws(ClientError) -> [UInt8] {
        var body: [UInt8] = []
        while let sizeLine = try connection.readLine() {
            guard let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
                throw .malformedResponse("chunk size '\(sizeLine.prefix(20))'")
            }
            if size == 0 { break }
            body += try connection.readBytes(size)
            _ = try connection.readLine()
        }
        return body
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
