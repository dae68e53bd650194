import IEDriveCore

/// A document already in memory, read through the streaming reader in one go. Metadata,
/// properties and blob-list files are small and arrive whole; they still get every limit.
struct XMLDocumentScan {
    var reader: XMLReader

    init(_ bytes: some Collection<UInt8>, limits: XMLLimits) throws(XMLError) {
        reader = XMLReader(limits: limits)
        try reader.feed(bytes)
        reader.finish()
    }

    /// The next event; nil at the (well-formed) end.
    mutating func next() throws(XMLError) -> XMLEvent? {
        try reader.next()
    }

    var depth: Int { reader.depth }

    func location(_ line: Int, _ column: Int) -> DocumentLocation {
        DocumentLocation(line: line, column: column, elementPath: reader.elementPath)
    }
}
