/// Standard base64 (RFC 4648 §4, with `=` padding), the alphabet of block IDs
/// (drive-manifest.md §3) and of `Content-MD5` (metadata-properties.md §2).
///
/// Written here rather than borrowed from Foundation because IEDriveCore imports nothing but the standard library.
/// Decoding is strict: no whitespace, no line breaks, length a multiple of four, padding
/// only at the end. Azure's own encoders never produce anything else.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)],
                    alphabet[Int(value >> 6 & 63)], alphabet[Int(value & 63)]]
            index += 3
        }
        switch input.count - index {
        case 1:
            let value = UInt32(input[index]) << 16
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], 61, 61]
        case 2:
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)],
                    alphabet[Int(value >> 6 & 63)], 61]
        default: break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded bytes, or nil when `text` is not canonical-shaped base64.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var padding = 0
        if chars.last == 61 { padding += 1 }
        if chars.count >= 2, chars[chars.count - 2] == 61 { padding += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var accumulator: UInt32 = 0
        for (position, char) in chars.enumerated() {
            let value: UInt32
            if position >= chars.count - padding {
                guard char == 61 else { return nil }
                value = 0
            } else {
                guard let sextet = sextet(char) else { return nil }
                value = sextet
            }
            accumulator = accumulator << 6 | value
            if position % 4 == 3 {
                out += [UInt8(accumulator >> 16 & 255), UInt8(accumulator >> 8 & 255), UInt8(accumulator & 255)]
                accumulator = 0
            }
        }
        out.removeLast(padding)
        return out
    }

    /// Length of the decoded bytes without decoding, for texts `decode` accepts.
    static func decodedLength(ofValid text: some StringProtocol) -> Int {
        let chars = Array(text.utf8.suffix(2))
        let padding = chars.filter { $0 == 61 }.count
        return text.utf8.count / 4 * 3 - padding
    }

    private static func sextet(_ char: UInt8) -> UInt32? {
        switch char {
        case 65...90: UInt32(char - 65)
        case 97...122: UInt32(char - 97 + 26)
        case 48...57: UInt32(char - 48 + 52)
        case 43: 62
        case 47: 63
        default: nil
        }
    }
}
