/// Character data and attribute values: entity and character references, line-end
/// normalisation (XML 1.0 §2.11) and attribute-value normalisation (§3.3.3).
extension XMLReader {
    func decodeCharacterData(_ range: Range<Int>, cdata: Bool, line: Int, column: Int) throws(XMLError) -> String {
        typealias C = XMLCharacters
        // One pass for what needs attention: `]]>` (not allowed outside CDATA), and the CRs and
        // references to decode. Plain text is copied into the string as it is.
        let (closesCDATA, plain): (Bool, String?) = buffer.withUnsafeBufferPointer { all in
            var index = range.lowerBound
            var needsWork = false
            while index < range.upperBound {
                if index + 8 <= range.upperBound, XMLByteScan.hasNone(of: C.greaterThan, C.ampersand, C.carriageReturn, in: all, at: index) {
                    index += 8
                    continue
                }
                switch all[index] {
                case C.greaterThan where !cdata && index - range.lowerBound >= 2 && all[index - 1] == C.closeBracket
                    && all[index - 2] == C.closeBracket:
                    return (true, nil)
                case C.carriageReturn: needsWork = true
                case C.ampersand where !cdata: needsWork = true
                default: break
                }
                index += 1
            }
            return (false, needsWork ? nil : String(decoding: UnsafeBufferPointer(rebasing: all[range]), as: UTF8.self))
        }
        if closesCDATA {
            throw error(.notWellFormed, "']]>' is not allowed in character data", line: line, column: column)
        }
        if let plain { return plain }
        let bytes = buffer[range]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            if byte == C.carriageReturn {
                out.append(C.lineFeed)
                index += (index + 1 < range.upperBound && buffer[index + 1] == C.lineFeed) ? 2 : 1
            } else if byte == C.ampersand, !cdata {
                index = try reference(at: index, end: range.upperBound, into: &out, line: line, column: column)
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func decodeAttributeValue(_ range: Range<Int>, line: Int, column: Int) throws(XMLError) -> String {
        typealias C = XMLCharacters
        let bytes = buffer[range]
        if bytes.contains(C.lessThan) {
            throw error(.notWellFormed, "'<' is not allowed in an attribute value", line: line, column: column)
        }
        let needsWork = bytes.contains { $0 == C.ampersand || $0 == C.carriageReturn || $0 == C.lineFeed || $0 == C.tab }
        guard needsWork else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            switch byte {
            case C.carriageReturn:
                out.append(C.space)
                index += (index + 1 < range.upperBound && buffer[index + 1] == C.lineFeed) ? 2 : 1
            case C.lineFeed, C.tab:
                out.append(C.space)
                index += 1
            case C.ampersand:
                index = try reference(at: index, end: range.upperBound, into: &out, line: line, column: column)
            default:
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes the reference at `index` (`&amp;`, `&#65;`, `&#x41;`) into `out`; returns the
    /// index after its `;`. Any other entity name is undefined, since no DTD is ever read.
    private func reference(at index: Int, end: Int, into out: inout [UInt8], line: Int, column: Int) throws(XMLError) -> Int {
        typealias C = XMLCharacters
        let limit = min(end, index + 12)
        guard let semicolon = buffer[(index + 1)..<limit].firstIndex(of: C.semicolon) else {
            throw error(.notWellFormed, "'&' must start an entity or character reference ending in ';'", line: line, column: column)
        }
        let body = Array(buffer[(index + 1)..<semicolon])
        if body.first == C.hash {
            let hex = body.count > 1 && body[1] == 0x78 /* x */
            let digits = body.dropFirst(hex ? 2 : 1)
            var value: UInt32 = 0
            for digit in digits {
                guard let nibble = Self.digitValue(digit, hex: hex) else { value = 0x110000; break }
                value = value * (hex ? 16 : 10) + nibble
                if value > 0x10FFFF { break }
            }
            guard !digits.isEmpty, XMLCharacters.isChar(value) else {
                throw error(.invalidCharacter, "character reference &\(String(decoding: body, as: UTF8.self)); is not an XML character",
                            line: line, column: column)
            }
            XMLCharacters.appendUTF8(value, to: &out)
            return semicolon + 1
        }
        switch String(decoding: body, as: UTF8.self) {
        case "lt": out.append(C.lessThan)
        case "gt": out.append(C.greaterThan)
        case "amp": out.append(C.ampersand)
        case "apos": out.append(C.apostrophe)
        case "quot": out.append(C.quote)
        case let other:
            throw error(.undefinedEntity, "entity &\(other); is not defined (only &lt; &gt; &amp; &apos; &quot; are)",
                        line: line, column: column)
        }
        return semicolon + 1
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 48...57: UInt32(byte - 48)
        case 65...70 where hex: UInt32(byte - 55)
        case 97...102 where hex: UInt32(byte - 87)
        default: nil
        }
    }
}
