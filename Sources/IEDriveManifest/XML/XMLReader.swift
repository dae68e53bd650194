import IEDriveCore

/// A streaming XML 1.0 pull reader over UTF-8 bytes, written here instead of using libxml2 or
/// FoundationXML so that hostile input is refused in bounded memory and the daemon starts light.
///
/// Push bytes in chunks of any size with `feed(_:)`, call `finish()` at the end, and pull events
/// with `next()`, which returns nil when it needs more input — or, after `finish()`, when the
/// document is complete and well-formed. The same events come out whatever the chunk boundaries.
///
/// What it checks: one root element, matching tags, unique attributes, XML names, the five
/// predefined entities and numeric character references only, CDATA, comments and processing
/// instructions, an XML declaration only at the start and only for UTF-8, valid UTF-8 and XML
/// characters. What it refuses outright: any `<!DOCTYPE …>` or other declaration (so no entity
/// can be defined, let alone expanded), UTF-16/UTF-32 input, and anything past an `XMLLimits` bound.
/// What it does not do: namespaces (prefixed names are plain names) and DTD defaults.
struct XMLReader {
    let limits: XMLLimits

    /// Unread bytes live in `buffer[start...]`; `scanned` bytes of them have been searched for the
    /// end of the current token without finding it, so that a token arriving byte by byte is
    /// scanned once, not once per byte.
    var buffer: [UInt8] = []
    var start = 0
    var scanned = 0
    var tagQuote: UInt8 = 0

    var finished = false
    var encodingChecked = false
    var declarationAllowed = true
    var totalBytes: UInt64 = 0
    var line = 1
    var column = 1

    var stack: [String] = []
    var sawRoot = false
    var rootClosed = false
    var popPending = false
    var queuedEnd: (name: String, line: Int, column: Int)?
    var textBytesInElement = 0

    init(limits: XMLLimits) {
        self.limits = limits
    }

    /// Appends input. Refuses the document as soon as it exceeds `maxDocumentBytes`.
    mutating func feed(_ bytes: some Collection<UInt8>) throws(XMLError) {
        precondition(!finished, "feed after finish")
        totalBytes += UInt64(bytes.count)
        guard totalBytes <= limits.maxDocumentBytes else {
            throw error(.limitExceeded(.documentBytes), "the document is larger than \(limits.maxDocumentBytes) bytes")
        }
        if start > 0, start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Marks the end of input; `next()` then reports what is left and checks completeness.
    mutating func finish() {
        finished = true
    }

    /// The next event, or nil when more input is needed (before `finish()`) or the document is
    /// complete (after it).
    mutating func next() throws(XMLError) -> XMLEvent? {
        if popPending {
            stack.removeLast()
            popPending = false
            if stack.isEmpty { rootClosed = true }
        }
        if let end = queuedEnd {
            queuedEnd = nil
            popPending = true
            textBytesInElement = 0
            return .end(name: end.name, line: end.line, column: end.column)
        }
        while true {
            if !encodingChecked {
                guard try checkEncoding() else { return nil }
            }
            if start == buffer.count {
                if finished { try checkComplete() }
                return nil
            }
            guard let token = try nextTokenBounds() else { return nil }
            let tokenLine = line, tokenColumn = column
            let range = start..<(start + token.length)
            try advancePosition(over: range)
            start = range.upperBound
            scanned = 0
            tagQuote = 0
            let wasFirstToken = declarationAllowed
            declarationAllowed = false
            if let event = try parse(token.kind, range, line: tokenLine, column: tokenColumn, firstToken: wasFirstToken) {
                return event
            }
        }
    }

    /// `/DriveManifest/Drive/BlobList` for the open elements.
    var elementPath: String { stack.isEmpty ? "" : "/" + stack.joined(separator: "/") }
    var depth: Int { stack.count }

    var location: DocumentLocation { DocumentLocation(line: line, column: column, elementPath: elementPath) }

    func error(_ kind: XMLError.Kind, _ message: String, line: Int? = nil, column: Int? = nil) -> XMLError {
        XMLError(kind: kind, message: message,
                 location: DocumentLocation(line: line ?? self.line, column: column ?? self.column, elementPath: elementPath))
    }

    private func checkComplete() throws(XMLError) {
        if !sawRoot { throw error(.unexpectedEnd, "the document has no root element") }
        if let open = stack.last { throw error(.unexpectedEnd, "the document ends inside <\(open)>") }
    }

    /// Byte order marks and the first bytes of `<?xml` in other encodings (XML 1.0 Appendix F).
    private mutating func checkEncoding() throws(XMLError) -> Bool {
        let available = buffer.count - start
        guard available >= 4 || finished else { return false }
        let head = Array(buffer[start..<(start + min(4, available))])
        func starts(_ prefix: [UInt8]) -> Bool { head.starts(with: prefix) }
        if starts([0x00, 0x00, 0xFE, 0xFF]) || starts([0xFF, 0xFE, 0x00, 0x00]) || starts([0x00, 0x00, 0x00, 0x3C])
            || starts([0x3C, 0x00, 0x00, 0x00]) {
            throw error(.unsupportedEncoding, "the document is UTF-32; only UTF-8 is accepted")
        }
        if starts([0xFE, 0xFF]) || starts([0xFF, 0xFE]) {
            throw error(.unsupportedEncoding, "the document starts with a UTF-16 byte order mark; only UTF-8 is accepted")
        }
        if starts([0x00, 0x3C]) || starts([0x3C, 0x00]) {
            throw error(.unsupportedEncoding, "the document looks like UTF-16 without a byte order mark; only UTF-8 is accepted")
        }
        if starts([0x4C, 0x6F, 0xA7, 0x94]) {
            throw error(.unsupportedEncoding, "the document looks like EBCDIC; only UTF-8 is accepted")
        }
        if starts([0xEF, 0xBB, 0xBF]) { start += 3 }
        encodingChecked = true
        return true
    }
}
