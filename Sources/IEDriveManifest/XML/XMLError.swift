public import IEDriveCore

/// Why the XML reader refused a document, and where: line and column (1-based, columns in
/// characters) of the offending byte or token, and the path of open elements.
public struct XMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Breaks an XML 1.0 well-formedness rule (tags, names, attributes, structure).
        case notWellFormed
        /// `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, … — any document type declaration, refused at its
        /// first bytes so no entity is ever defined or expanded (billion laughs, external entities).
        case doctypeForbidden
        /// An entity reference other than the five predefined ones.
        case undefinedEntity
        /// A declared or detected encoding other than UTF-8 (UTF-16/32 byte order marks included).
        case unsupportedEncoding
        case invalidUTF8
        /// A code point XML does not allow (most control characters, U+FFFE, U+FFFF).
        case invalidCharacter
        /// The document ended inside a token or with elements still open.
        case unexpectedEnd
        case limitExceeded(XMLLimits.Limit)
    }

    public var kind: Kind
    public var message: String
    public var location: DocumentLocation

    public init(kind: Kind, message: String, location: DocumentLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var line: Int { location.line }
    public var column: Int { location.column }
    public var description: String { "\(message) at \(location)" }
}
