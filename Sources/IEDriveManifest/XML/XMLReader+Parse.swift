import Foundation

/// Turning a complete token into an event (or nothing, for comments and processing
/// instructions), with the structural rules: one root, matching end tags, depth.
extension XMLReader {
    mutating func parse(_ kind: TokenKind, _ range: Range<Int>, line: Int, column: Int,
                        firstToken: Bool) throws(XMLError) -> XMLEvent? {
        switch kind {
        case .text:
            return try characterData(range, cdata: false, line: line, column: column)
        case .cdata:
            return try characterData((range.lowerBound + 9)..<(range.upperBound - 3), cdata: true, line: line, column: column)
        case .comment:
            try checkComment((range.lowerBound + 4)..<(range.upperBound - 3), line: line, column: column)
            return nil
        case .processingInstruction:
            try processingInstruction(range, firstToken: firstToken, line: line, column: column)
            return nil
        case .endTag:
            return try endTag(range, line: line, column: column)
        case .startTag:
            return try startTag(range, line: line, column: column)
        }
    }

    private mutating func characterData(_ range: Range<Int>, cdata: Bool, line: Int, column: Int) throws(XMLError) -> XMLEvent? {
        let insideRoot = !stack.isEmpty
        if !insideRoot {
            let allSpace = !cdata && buffer[range].allSatisfy(XMLCharacters.isSpace)
            guard allSpace else {
                let place = sawRoot ? "after the root element" : "before the root element"
                throw error(.notWellFormed, "character data \(place)", line: line, column: column)
            }
            return nil
        }
        textBytesInElement += range.count
        let text = try decodeCharacterData(range, cdata: cdata, line: line, column: column)
        return .text(text, line: line, column: column)
    }

    private func checkComment(_ body: Range<Int>, line: Int, column: Int) throws(XMLError) {
        let bytes = buffer[body]
        let doubleDash = zip(bytes, bytes.dropFirst()).contains { $0 == XMLCharacters.dash && $1 == XMLCharacters.dash }
        if doubleDash || bytes.last == XMLCharacters.dash {
            throw error(.notWellFormed, "'--' inside a comment", line: line, column: column)
        }
    }

    private func processingInstruction(_ range: Range<Int>, firstToken: Bool, line: Int, column: Int) throws(XMLError) {
        let bodyEnd = range.upperBound - 2
        let (target, afterTarget) = try name(at: range.lowerBound + 2, end: bodyEnd, line: line, column: column)
        if target.lowercased() == "xml" {
            guard firstToken, target == "xml" else {
                throw error(.notWellFormed, "an XML declaration is only allowed at the very start of the document",
                            line: line, column: column)
            }
            try xmlDeclaration(afterTarget..<bodyEnd, line: line, column: column)
            return
        }
        if afterTarget < bodyEnd, !XMLCharacters.isSpace(buffer[afterTarget]) {
            throw error(.notWellFormed, "a processing instruction target must be followed by a space", line: line, column: column)
        }
    }

    private mutating func endTag(_ range: Range<Int>, line: Int, column: Int) throws(XMLError) -> XMLEvent {
        let bodyEnd = range.upperBound - 1
        let nameStart = range.lowerBound + 2
        let afterName = try nameEnd(at: nameStart, end: bodyEnd, line: line, column: column)
        // The name is compared with the open element's as bytes; a string is made only for an error.
        var tagName: String { String(decoding: buffer[nameStart..<afterName], as: UTF8.self) }
        guard buffer[afterName..<bodyEnd].allSatisfy(XMLCharacters.isSpace) else {
            throw error(.notWellFormed, "unexpected content in the end tag </\(tagName)>", line: line, column: column)
        }
        guard var open = stack.last else {
            throw error(.notWellFormed, "end tag </\(tagName)> without a matching start tag", line: line, column: column)
        }
        let matches = open.withUTF8 { name in
            buffer.withUnsafeBufferPointer { bytes in
                name.count == afterName - nameStart
                    && memcmp(name.baseAddress!, bytes.baseAddress! + nameStart, name.count) == 0
            }
        }
        guard matches else {
            throw error(.notWellFormed, "end tag </\(tagName)> does not match <\(open)>", line: line, column: column)
        }
        popPending = true
        textBytesInElement = 0
        return .end(name: open, line: line, column: column)
    }

    private mutating func startTag(_ range: Range<Int>, line: Int, column: Int) throws(XMLError) -> XMLEvent {
        var bodyEnd = range.upperBound - 1
        let selfClosing = buffer[bodyEnd - 1] == XMLCharacters.slash && bodyEnd - 1 > range.lowerBound + 1
        if selfClosing { bodyEnd -= 1 }
        let (tagName, afterName) = try name(at: range.lowerBound + 1, end: bodyEnd, line: line, column: column)
        let attributes = try attributes(afterName..<bodyEnd, element: tagName, line: line, column: column)
        if rootClosed {
            throw error(.notWellFormed, "a second root element <\(tagName)>", line: line, column: column)
        }
        guard stack.count < limits.maxDepth else {
            throw error(.limitExceeded(.depth), "elements nested deeper than \(limits.maxDepth) levels", line: line, column: column)
        }
        stack.append(tagName)
        sawRoot = true
        textBytesInElement = 0
        if selfClosing { queuedEnd = (tagName, line, column) }
        return .start(XMLStartTag(name: tagName, attributes: attributes, line: line, column: column))
    }

    /// Attributes in `range` (after the element name, before `>` or `/>`).
    private func attributes(_ range: Range<Int>, element: String, line: Int, column: Int) throws(XMLError) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        var index = range.lowerBound
        let end = range.upperBound
        while true {
            let spaceStart = index
            while index < end, XMLCharacters.isSpace(buffer[index]) { index += 1 }
            if index == end { return result }
            guard index > spaceStart else {
                throw error(.notWellFormed, "attributes of <\(element)> must be separated by white space", line: line, column: column)
            }
            let (attributeName, afterName) = try name(at: index, end: end, line: line, column: column)
            index = afterName
            while index < end, XMLCharacters.isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == XMLCharacters.equals else {
                throw error(.notWellFormed, "attribute \(attributeName) of <\(element)> has no '=' and value", line: line, column: column)
            }
            index += 1
            while index < end, XMLCharacters.isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == XMLCharacters.quote || buffer[index] == XMLCharacters.apostrophe else {
                throw error(.notWellFormed, "the value of attribute \(attributeName) must be quoted", line: line, column: column)
            }
            let quote = buffer[index]
            let valueStart = index + 1
            guard let valueEnd = buffer[valueStart..<end].firstIndex(of: quote) else {
                throw error(.notWellFormed, "the value of attribute \(attributeName) is not closed", line: line, column: column)
            }
            guard valueEnd - valueStart <= limits.maxAttributeValueBytes else {
                throw error(.limitExceeded(.attributeValueBytes),
                            "attribute \(attributeName) is longer than \(limits.maxAttributeValueBytes) bytes", line: line, column: column)
            }
            if result.contains(where: { $0.name == attributeName }) {
                throw error(.notWellFormed, "attribute \(attributeName) appears twice on <\(element)>", line: line, column: column)
            }
            guard result.count < limits.maxAttributes else {
                throw error(.limitExceeded(.attributes), "<\(element)> has more than \(limits.maxAttributes) attributes",
                            line: line, column: column)
            }
            let value = try decodeAttributeValue(valueStart..<valueEnd, line: line, column: column)
            result.append(XMLAttribute(name: attributeName, value: value))
            index = valueEnd + 1
        }
    }

    /// An XML `Name` starting at `index`; returns it and the index after it.
    func name(at index: Int, end: Int, line: Int, column: Int) throws(XMLError) -> (String, Int) {
        let after = try nameEnd(at: index, end: end, line: line, column: column)
        return (String(decoding: buffer[index..<after], as: UTF8.self), after)
    }

    /// The index after the XML `Name` starting at `index`.
    func nameEnd(at index: Int, end: Int, line: Int, column: Int) throws(XMLError) -> Int {
        let found: (Int, Bool) = buffer.withUnsafeBufferPointer { bytes in
            var cursor = index
            while cursor < end {
                let byte = bytes[cursor]
                if byte < 0x80, cursor > index {
                    // ASCII after the first character: a table lookup, not a decode and a range switch.
                    guard XMLCharacters.isASCIINameByte(byte) else { break }
                    cursor += 1
                    continue
                }
                let (value, length) = XMLCharacters.decode(bytes, at: cursor)
                let ok = cursor == index ? XMLCharacters.isNameStart(value) : XMLCharacters.isName(value)
                if !ok { break }
                cursor += length
            }
            return (cursor, cursor > index)
        }
        guard found.1 else {
            throw error(.notWellFormed, "a name was expected", line: line, column: column)
        }
        guard found.0 - index <= limits.maxNameBytes else {
            throw error(.limitExceeded(.nameBytes), "a name longer than \(limits.maxNameBytes) bytes", line: line, column: column)
        }
        return found.0
    }
}
