import Foundation

/// `api.listen`: where the TCP API listens, `HOST:PORT` (an IPv6 host in brackets,
/// `[::1]:8780`). Port 0 asks the kernel for a free port (tests).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// The documented default: loopback, port 8780.
    public static let defaultPort = 8780
    /// The Blob endpoint's port when nothing says otherwise (the Azure storage emulators').
    public static let defaultBlobPort = 10000
    public static let `default` = ListenAddress(host: "127.0.0.1", port: defaultPort)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String, source: String) throws(ConfigurationError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw Self.invalid(text, source) }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw Self.invalid(text, source) }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains(" "), let port = Int(portPart), (0...65535).contains(port) else {
            throw Self.invalid(text, source)
        }
        self.init(host: String(hostPart), port: port)
    }

    /// True for 127.0.0.0/8 in any spelling `inet_aton` takes (`127.1`, `127.0.0.1`), `::1`,
    /// `::ffff:127.x.y.z` and `localhost`: only this host can connect.
    public var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_aton(host, &v4) != 0 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in
                let loopback = bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
                let mapped = bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127
                return loopback || mapped
            }
        }
        return false
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func invalid(_ text: String, _ source: String) -> ConfigurationError {
        ConfigurationError("\(source) must be HOST:PORT (e.g. 127.0.0.1:\(defaultPort), [::1]:\(defaultPort)) or \"\" to turn the TCP API off, not '\(text)'")
    }
}
