/// What the pull reader hands out. Comments, processing instructions and the XML declaration
/// are checked and dropped; a self-closing tag yields a start and an end.
enum XMLEvent {
    case start(XMLStartTag)
    case end(name: String, line: Int, column: Int)
    /// Character data with entities decoded and line ends normalised to LF; CDATA sections
    /// arrive the same way. One element's text may come in several events.
    case text(String, line: Int, column: Int)
}

struct XMLStartTag {
    var name: String
    var attributes: [XMLAttribute]
    var line: Int
    var column: Int

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

struct XMLAttribute: Equatable {
    var name: String
    /// Decoded and normalised (literal tabs and line ends become spaces, XML 1.0 §3.3.3).
    var value: String
}
