import Glibc

/// The socket types iedrive connects with.
public enum SocketType: Sendable {
    /// `SOCK_STREAM`.
    case stream
    /// `SOCK_SEQPACKET` (udevd's control socket).
    case sequencedPackets
    /// `SOCK_DGRAM` (systemd's notify socket).
    case datagrams

    var rawValue: Int32 {
        switch self {
        case .stream: Int32(SOCK_STREAM.rawValue)
        case .sequencedPackets: Int32(SOCK_SEQPACKET.rawValue)
        case .datagrams: Int32(SOCK_DGRAM.rawValue)
        }
    }
}

/// Why ``SystemCall/connectTCP(host:port:)`` found no connection.
public enum TCPConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `getaddrinfo(3)` failed; gai_strerror(3)'s text.
    case lookup(String)
    /// The host has no address.
    case noAddress
    /// Every address refused; the last one's failure.
    case connect(SystemCallError)

    public var description: String {
        switch self {
        case .lookup(let message): message
        case .noAddress: "no address"
        case .connect(let error): "\(error.errno)"
        }
    }
}

extension SystemCall {
    /// `socket(AF_UNIX, type)` and `connect(2)` to the socket at `path` (a leading `@` names
    /// an abstract socket when `abstractWithAt`): the connected descriptor, close-on-exec. A
    /// path longer than `sun_path` fails with `ENAMETOOLONG`. An interrupted connect is not
    /// retried (the connection goes on in the background; a second connect fails).
    public static func connectUnixSocket(_ path: String, type: SocketType,
                                         abstractWithAt: Bool = false) throws(SystemCallError) -> Int32 {
        let fd = try socket(AF_UNIX, type, subject: path)
        do {
            let address = try UnixSocketAddress(path, abstractWithAt: abstractWithAt, for: "connect")
            _ = try funnel("connect", path, retryOnInterrupt: false) {
                address.withSocketAddress { checked(Glibc.connect(fd, $0, $1)) }
            }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// One datagram of `bytes` to the unix socket `path` (`sendto(2)` from a new
    /// `SOCK_DGRAM` socket, `MSG_NOSIGNAL`; a leading `@` names an abstract socket). The
    /// byte count sent.
    public static func sendDatagram(_ bytes: [UInt8], toUnixSocket path: String) throws(SystemCallError) -> Int {
        let fd = try socket(AF_UNIX, .datagrams, subject: path)
        defer { close(fd) }
        let address = try UnixSocketAddress(path, abstractWithAt: true, for: "sendto")
        return try funnel("sendto", path, retryOnInterrupt: true) {
            address.withSocketAddress { socketAddress, length in
                checked(Glibc.sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length))
            }
        }
    }

    /// `getaddrinfo(3)` of `host` and `port`, then a `SOCK_STREAM` socket and `connect(2)` to
    /// each address in turn: the first that connects, close-on-exec.
    public static func connectTCP(host: String, port: Int) throws(TCPConnectError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .lookup(status == 0 ? "no address" : String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var failure: SystemCallError?
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let address = current.pointee
            do throws(SystemCallError) {
                let fd = try funnel("socket", "\(host):\(port)", retryOnInterrupt: false) {
                    checked(Glibc.socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol))
                }
                do throws(SystemCallError) {
                    _ = try funnel("connect", "\(host):\(port)", retryOnInterrupt: false) {
                        checked(Glibc.connect(fd, address.ai_addr, address.ai_addrlen))
                    }
                    return fd
                } catch {
                    close(fd)
                    throw error
                }
            } catch {
                failure = error
            }
            entry = address.ai_next
        }
        throw failure.map(TCPConnectError.connect) ?? .noAddress
    }

    /// `send(2)` with `MSG_NOSIGNAL` until every byte is sent (a peer that went away gives
    /// `EPIPE`, never SIGPIPE).
    public static func sendAll(_ fd: Int32, _ bytes: [UInt8], subject: @autoclosure () -> String) throws(SystemCallError) {
        var sent = 0
        while sent < bytes.count {
            let count = try bytes.withUnsafeBytes { buffer in
                Result { () throws(SystemCallError) in
                    try funnel("send", subject(), retryOnInterrupt: true) {
                        checked(Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL)))
                    }
                }
            }.get()
            guard count > 0 else { throw SystemCallError(call: "send", subject: subject(), errno: .ioError) }
            sent += count
        }
    }

    private static func socket(_ domain: Int32, _ type: SocketType, subject: String) throws(SystemCallError) -> Int32 {
        try funnel("socket", subject, retryOnInterrupt: false) {
            checked(Glibc.socket(domain, type.rawValue | Int32(SOCK_CLOEXEC.rawValue), 0))
        }
    }
}

/// A `sockaddr_un` for a path, and the length to pass with it.
private struct UnixSocketAddress {
    private var address = sockaddr_un()
    private let length: socklen_t

    init(_ path: String, abstractWithAt: Bool, for call: String) throws(SystemCallError) {
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = abstractWithAt && bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SystemCallError(call: call, subject: path, errno: .fileNameTooLong)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        // A path socket's address ends with its NUL; an abstract one's is exactly its bytes.
        length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
    }

    func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
