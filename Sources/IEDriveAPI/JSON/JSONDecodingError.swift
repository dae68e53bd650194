/// Why a JSON document could not be read: not JSON at all, too big, or the right syntax with
/// the wrong shape. `path` is the JSON path at fault (`properties.driveList[0].driveId`), empty
/// for the document itself. Messages describe the position or the expected type, never the
/// value found, so a key in a malformed body cannot leak into an error.
public struct JSONDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Not JSON (message carries line and column).
        case syntax
        /// Larger than `JSONLimits.maximumBytes`.
        case tooLarge
        /// Deeper than `JSONLimits.maximumDepth`.
        case tooDeep
        /// A value of the wrong JSON type.
        case wrongType
        /// A required member is absent (or `null`).
        case missing
        /// The right type with a value outside its vocabulary or range.
        case invalidValue
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
