/// Walking the bytes of a complete token: UTF-8 validity, XML `Char`, and the line/column
/// position (CR LF, lone CR and LF each end one line; columns count characters).
extension XMLReader {
    /// Validates UTF-8 and XML `Char` over `range` while moving `line` and `column` past it; an
    /// error points at the offending character.
    mutating func advancePosition(over range: Range<Int>) throws(XMLError) {
        typealias C = XMLCharacters
        var line = self.line
        var column = self.column
        let failure: (XMLError.Kind, String)? = buffer.withUnsafeBufferPointer { bytes in
            var index = range.lowerBound
            let end = range.upperBound
            while index < end {
                if index + 8 <= end, XMLByteScan.isPlainASCII(bytes, at: index) {
                    column += 8
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte >= 0x20 {
                        column += 1
                    } else if byte == C.lineFeed {
                        line += 1
                        column = 1
                    } else if byte == C.carriageReturn {
                        // CR LF is one line end, counted at the LF; a lone CR is a line end too.
                        if index + 1 >= end || bytes[index + 1] != C.lineFeed {
                            line += 1
                            column = 1
                        }
                    } else if byte == C.tab {
                        column += 1
                    } else {
                        return (.invalidCharacter, "control character U+\(String(byte, radix: 16, uppercase: true)) is not allowed in XML")
                    }
                    index += 1
                    continue
                }
                guard let length = Self.sequenceLength(bytes, at: index, end: end) else {
                    return (.invalidUTF8, "invalid UTF-8 byte sequence")
                }
                let value = XMLCharacters.decode(bytes, at: index).value
                guard XMLCharacters.isChar(value) else {
                    return (.invalidCharacter, "U+\(String(value, radix: 16, uppercase: true)) is not allowed in XML")
                }
                index += length
                column += 1
            }
            return nil
        }
        if let failure {
            throw error(failure.0, failure.1, line: line, column: column)
        }
        self.line = line
        self.column = column
    }

    /// Length of the well-formed UTF-8 sequence at `index` (no overlong forms, no surrogates,
    /// nothing above U+10FFFF), or nil.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard index + length <= end else { return nil }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { return nil }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }
}
