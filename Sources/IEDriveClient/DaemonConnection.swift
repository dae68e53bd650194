#if canImport(Glibc)
import Glibc
#endif

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

    deinit { close(descriptor) }

    private static func connectUnix(_ path: String) throws(ClientError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .cannotConnect(endpoint: path, reason: errorText()) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw .cannotConnect(endpoint: path, reason: "the socket path is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let reason = errorText()
            close(fd)
            throw .cannotConnect(endpoint: path, reason: reason)
        }
        return fd
    }

    private static func connectTCP(host: String, port: Int, endpoint: String) throws(ClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .cannotConnect(endpoint: endpoint, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let fd = socket(current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                            current.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return fd }
                reason = errorText()
                close(fd)
            }
            entry = current.pointee.ai_next
        }
        throw .cannotConnect(endpoint: endpoint, reason: reason)
    }

    func send(_ bytes: [UInt8]) throws(ClientError) {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(Self.errorText())
            }
            sent += result
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(ClientError) -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, 65536) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(Self.errorText())
            }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
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

    static func errorText() -> String { String(cString: strerror(errno)) }
}
