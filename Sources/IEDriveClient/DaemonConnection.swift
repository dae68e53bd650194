import IEDriveSystem

/// One connected socket to the daemon; closed on deinit.
final class DaemonConnection {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(_ endpoint: Endpoint) throws(ClientError) {
        switch endpoint {
        case .unixSocket(let path): descriptor = try Self.connectUnix(path)
        case .tcp(let host, let port): descriptor = try Self.connectTCP(host: host, port: port, endpoint: endpoint.description)
        }
    }

    deinit { SystemCall.close(descriptor) }

    private static func connectUnix(_ path: String) throws(ClientError) -> Int32 {
        do {
            return try SystemCall.connectUnixSocket(path, type: .stream)
        } catch where error.errno == .fileNameTooLong {
            throw .cannotConnect(endpoint: path, reason: "the socket path is too long")
        } catch {
            throw .cannotConnect(endpoint: path, reason: "\(error.errno)")
        }
    }

    private static func connectTCP(host: String, port: Int, endpoint: String) throws(ClientError) -> Int32 {
        do {
            return try SystemCall.connectTCP(host: host, port: port)
        } catch {
            throw .cannotConnect(endpoint: endpoint, reason: error.description)
        }
    }

    func send(_ bytes: [UInt8]) throws(ClientError) {
        do {
            try SystemCall.sendAll(descriptor, bytes, subject: "the daemon's socket")
        } catch {
            throw .io("\(error.errno)")
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(ClientError) -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count: Int
        do {
            count = try chunk.withUnsafeMutableBytes { chunk in
                Result { () throws(SystemCallError) in try SystemCall.read(descriptor, into: chunk, subject: "the daemon's socket") }
            }.get()
        } catch {
            throw .io("\(error.errno)")
        }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// One line without its CRLF; nil at end of stream.
    func readLine() throws(ClientError) -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            guard try fill() else {
                if start < buffer.count {
                    let line = String(decoding: buffer[start...], as: UTF8.self)
                    start = buffer.count
                    return line
                }
                return nil
            }
        }
    }

    func readBytes(_ count: Int) throws(ClientError) -> [UInt8] {
        while buffer.count - start < count {
            guard try fill() else { throw .malformedResponse("the body ended early") }
        }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        return bytes
    }

    func readToEnd() throws(ClientError) -> [UInt8] {
        while try fill() {}
        let bytes = Array(buffer[start...])
        start = buffer.count
        return bytes
    }
}
