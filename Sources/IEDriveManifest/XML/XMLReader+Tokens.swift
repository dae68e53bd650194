/// Finding where the next token ends, and walking its bytes for position, UTF-8 and `Char`
/// checks. A token is complete only when its terminator is in the buffer; until then the reader
/// asks for more input, refusing the token once it outgrows its limit.
extension XMLReader {
    enum TokenKind {
        case text, startTag, endTag, comment, processingInstruction, cdata
    }

    /// What ends each kind of token (made once, not per token).
    enum Terminator {
        static let lessThan: [UInt8] = [XMLCharacters.lessThan]
        static let greaterThan: [UInt8] = [XMLCharacters.greaterThan]
        static let processingInstruction: [UInt8] = [XMLCharacters.question, XMLCharacters.greaterThan]
        static let comment: [UInt8] = [XMLCharacters.dash, XMLCharacters.dash, XMLCharacters.greaterThan]
        static let cdata: [UInt8] = [XMLCharacters.closeBracket, XMLCharacters.closeBracket, XMLCharacters.greaterThan]
    }

    /// The kind and byte length of the token at `start`, or nil when it is not complete yet.
    mutating func nextTokenBounds() throws(XMLError) -> (kind: TokenKind, length: Int)? {
        let available = buffer.count - start
        typealias C = XMLCharacters
        if buffer[start] != C.lessThan {
            if let end = find(Terminator.lessThan, from: start + scanned) { return try text(length: end - start) }
            if finished { return try text(length: available) }
            scanned = available
            return try incomplete(text: true, available: available)
        }
        guard available >= 2 else { return try incomplete(text: false, available: available) }
        switch buffer[start + 1] {
        case C.slash:
            return try markup(.endTag, terminator: Terminator.greaterThan, from: 2, available: available)
        case C.question:
            return try markup(.processingInstruction, terminator: Terminator.processingInstruction, from: 2, available: available)
        case C.bang:
            return try declaration(available: available)
        default:
            return try startTag(available: available)
        }
    }

    private mutating func text(length: Int) throws(XMLError) -> (kind: TokenKind, length: Int) {
        if textBytesInElement + length > limits.maxTextBytes {
            throw error(.limitExceeded(.textBytes), "character data longer than \(limits.maxTextBytes) bytes")
        }
        return (.text, length)
    }

    /// One message whether the token's end had arrived or not: what is refused must not depend
    /// on how the input was cut (fuzzing found "a tag longer than …" for a document read whole,
    /// the generic message for the same document fed in pieces).
    private func markupTooLong() -> XMLError {
        error(.limitExceeded(.markupBytes), "a tag, comment or processing instruction longer than \(limits.maxMarkupBytes) bytes")
    }

    private mutating func incomplete(text: Bool, available: Int) throws(XMLError) -> (kind: TokenKind, length: Int)? {
        if text {
            if textBytesInElement + available > limits.maxTextBytes {
                throw error(.limitExceeded(.textBytes), "character data longer than \(limits.maxTextBytes) bytes")
            }
        } else if available > limits.maxMarkupBytes {
            throw markupTooLong()
        }
        if finished { throw error(.unexpectedEnd, "the document ends inside markup") }
        return nil
    }

    /// `<!--`, `<![CDATA[` or a declaration. Declarations (`<!DOCTYPE`, `<!ENTITY`, …) are refused
    /// on their third byte, before anything of them is buffered or interpreted.
    private mutating func declaration(available: Int) throws(XMLError) -> (kind: TokenKind, length: Int)? {
        typealias C = XMLCharacters
        guard available >= 3 else { return try incomplete(text: false, available: available) }
        switch buffer[start + 2] {
        case C.dash:
            guard available >= 4 else { return try incomplete(text: false, available: available) }
            guard buffer[start + 3] == C.dash else { throw error(.notWellFormed, "'<!-' does not start a comment") }
            return try markup(.comment, terminator: Terminator.comment, from: 4, available: available)
        case C.openBracket:
            let opener = Array("<![CDATA[".utf8)
            for index in 3..<min(opener.count, available) where buffer[start + index] != opener[index] {
                throw error(.doctypeForbidden, "'<![' starts a conditional section, which only a DTD may hold; DTDs are refused")
            }
            guard available >= opener.count else { return try incomplete(text: false, available: available) }
            if let end = find(Terminator.cdata, from: start + max(opener.count, scanned - 2)) {
                _ = try text(length: end - start)  // CDATA counts against the text limit
                return (.cdata, end - start)
            }
            scanned = available
            return try incomplete(text: true, available: available)
        default:
            // Named by its first letter alone, the one byte read: a message naming the letters
            // that happen to be in the buffer would depend on where the input was cut (fuzzing
            // found `<!DOCTYP is refused` for a manifest fed in pieces). XML's declarations
            // are DOCTYPE, ELEMENT, ENTITY, ATTLIST and NOTATION.
            let what = switch buffer[start + 2] {
            case UInt8(ascii: "D"): "<!DOCTYPE"
            case UInt8(ascii: "E"): "<!ENTITY (or <!ELEMENT)"
            case UInt8(ascii: "A"): "<!ATTLIST"
            case UInt8(ascii: "N"): "<!NOTATION"
            default: "a markup declaration"
            }
            throw error(.doctypeForbidden,
                        "\(what) is refused: document type declarations and entity definitions are not accepted")
        }
    }

    private mutating func markup(_ kind: TokenKind, terminator: [UInt8], from offset: Int,
                                 available: Int) throws(XMLError) -> (kind: TokenKind, length: Int)? {
        let resume = start + max(offset, scanned - (terminator.count - 1))
        if let end = find(terminator, from: resume) {
            let length = end - start
            guard length <= limits.maxMarkupBytes else {
                throw markupTooLong()
            }
            return (kind, length)
        }
        scanned = available
        return try incomplete(text: false, available: available)
    }

    /// A start tag ends at the first `>` outside a quoted attribute value.
    private mutating func startTag(available: Int) throws(XMLError) -> (kind: TokenKind, length: Int)? {
        typealias C = XMLCharacters
        var quote = tagQuote
        var index = start + max(1, scanned)
        let end = buffer.count
        let found: Int? = buffer.withUnsafeBufferPointer { bytes in
            while index < end {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == C.quote || byte == C.apostrophe {
                    quote = byte
                } else if byte == C.greaterThan {
                    return index + 1
                }
                index += 1
            }
            return nil
        }
        if let found {
            let length = found - start
            guard length <= limits.maxMarkupBytes else {
                throw markupTooLong()
            }
            return (.startTag, length)
        }
        tagQuote = quote
        scanned = available
        return try incomplete(text: false, available: available)
    }

    /// Index just past `terminator` (or, for a single `<`, the index of the `<` itself, which
    /// belongs to the next token), searching from `from`.
    private func find(_ terminator: [UInt8], from: Int) -> Int? {
        let end = buffer.count
        guard from < end else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            let last = terminator[terminator.count - 1]
            var index = from + terminator.count - 1
            while index < end, let found = XMLByteScan.first(last, in: bytes, from: index, end: end) {
                var matches = true
                for back in 1..<terminator.count where bytes[found - back] != terminator[terminator.count - 1 - back] {
                    matches = false
                    break
                }
                if matches { return terminator.count == 1 && last == XMLCharacters.lessThan ? found : found + 1 }
                index = found + 1
            }
            return nil
        }
    }
}
