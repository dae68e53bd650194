/// A 128-bit MD5 digest.
///
/// The manifest writes it as Base16 (`Hash` attributes, drive-manifest.md §3); the properties
/// file's `Content-MD5` writes the same 16 bytes as base64 (metadata-properties.md §2). Two
/// words instead of an array keep a `DataPiece` small and free of heap allocations.
public struct MD5Digest: Sendable, Hashable, CustomStringConvertible {
    /// Bytes 0–7 and 8–15, big-endian.
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The digest of exactly 16 bytes, or nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Parses 32 hexadecimal digits, either case. Surrounding whitespace is trimmed because one
    /// documentation sample has a stray leading space inside the attribute (§3).
    public init?(base16 text: some StringProtocol) {
        let digits = Array(text.utf8).trimmingASCIIWhitespace()
        guard digits.count == 32 else { return nil }
        var words: [UInt64] = [0, 0]
        for (index, char) in digits.enumerated() {
            guard let nibble = Self.nibble(char) else { return nil }
            words[index / 16] = words[index / 16] << 4 | UInt64(nibble)
        }
        self.init(high: words[0], low: words[1])
    }

    /// Parses the base64 form of `Content-MD5` (24 characters, 16 bytes).
    public init?(base64 text: some StringProtocol) {
        guard let bytes = Base64.decode(text) else { return nil }
        self.init(bytes: bytes)
    }

    public var bytes: [UInt8] {
        (0..<16).map { index in
            let word = index < 8 ? high : low
            return UInt8(truncatingIfNeeded: word >> (UInt64(7 - index % 8) * 8))
        }
    }

    /// Upper-case Base16, the form the manifest and the drive logs write.
    public var hex: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64, the `Content-MD5` header form.
    public var base64: String { Base64.encode(bytes) }

    public var description: String { hex }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case 48...57: char - 48
        case 65...70: char - 55
        case 97...102: char - 87
        default: nil
        }
    }
}

extension Array where Element == UInt8 {
    /// Drops leading and trailing space, tab, CR and LF (XML's `S` production).
    func trimmingASCIIWhitespace() -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return self[first...last]
    }
}
