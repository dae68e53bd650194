/// Character classes of XML 1.0 (fifth edition) §2.2–§2.3 and a UTF-8 decoder for bytes the
/// reader has already validated.
enum XMLCharacters {
    static let lessThan: UInt8 = 0x3C, greaterThan: UInt8 = 0x3E, ampersand: UInt8 = 0x26
    static let slash: UInt8 = 0x2F, question: UInt8 = 0x3F, bang: UInt8 = 0x21, equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22, apostrophe: UInt8 = 0x27, semicolon: UInt8 = 0x3B, hash: UInt8 = 0x23
    static let dash: UInt8 = 0x2D, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
    static let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, tab: UInt8 = 0x09, space: UInt8 = 0x20

    /// XML's `S`: space, tab, CR, LF.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == lineFeed || byte == tab || byte == carriageReturn
    }

    /// `Char` (§2.2): the code points a document may contain.
    static func isChar(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `NameStartChar` (§2.3).
    static func isNameStart(_ value: UInt32) -> Bool {
        switch value {
        case 0x3A, 0x41...0x5A, 0x5F, 0x61...0x7A: true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
             0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
             0x10000...0xEFFFF: true
        default: false
        }
    }

    /// `NameChar` (§2.3).
    static func isName(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(value)
        }
    }

    /// `NameChar` for an ASCII byte: letters, digits, `-`, `.`, `:` and `_` (bit b of the two
    /// masks is set for byte b; `XMLCharactersTests` checks them against `isName`).
    static func isASCIINameByte(_ byte: UInt8) -> Bool {
        byte < 64 ? asciiNameBytesLow >> UInt64(byte) & 1 != 0 : asciiNameBytesHigh >> UInt64(byte & 63) & 1 != 0
    }

    static let asciiNameBytesLow: UInt64 = 0x7ff600000000000
    static let asciiNameBytesHigh: UInt64 = 0x7fffffe87fffffe

    /// The scalar starting at `index` of already-validated UTF-8, and its byte count.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (value, length)
    }

    /// Appends the UTF-8 encoding of `value`.
    static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out += [UInt8(0xC0 | value >> 6), UInt8(0x80 | value & 0x3F)]
        case 0x800..<0x10000:
            out += [UInt8(0xE0 | value >> 12), UInt8(0x80 | value >> 6 & 0x3F), UInt8(0x80 | value & 0x3F)]
        default:
            out += [UInt8(0xF0 | value >> 18), UInt8(0x80 | value >> 12 & 0x3F),
                    UInt8(0x80 | value >> 6 & 0x3F), UInt8(0x80 | value & 0x3F)]
        }
    }
}
