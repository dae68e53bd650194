/// `driveList[].manifestHash` (drive-manifest.md §3): Base16 MD5 (32 digits) per the swagger,
/// or — as a 2021 example shows — a SHA-256-length value (64 digits). Anything else is rejected
/// at API time (400) or fails the drive with `ManifestCorrupted`.
public enum ManifestHash: Sendable, Hashable, CustomStringConvertible {
    case md5(MD5Digest)
    /// 32 bytes.
    case sha256([UInt8])

    /// Parses either length, either case, surrounding whitespace trimmed.
    public init?(_ text: String) {
        let digits = Array(text.utf8).trimmingASCIIWhitespace()
        switch digits.count {
        case 32:
            guard let digest = MD5Digest(base16: text) else { return nil }
            self = .md5(digest)
        case 64:
            var bytes: [UInt8] = []
            var index = digits.startIndex
            while index < digits.endIndex {
                guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            }
            self = .sha256(bytes)
        default:
            return nil
        }
    }

    /// Upper-case Base16.
    public var hex: String {
        switch self {
        case .md5(let digest): digest.hex
        case .sha256(let bytes):
            bytes.map { byte in
                let digits = Array("0123456789ABCDEF")
                return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }.joined()
        }
    }

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
