/// A parsed JSON document as the API reads it: request bodies, and the daemon's answers on the
/// client side. Objects keep their members in document order; lookups go through
/// `JSONObjectReader`, which tracks the path for error targets.
public indirect enum JSONInput: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer literal that fits `Int64` (no fraction, no exponent).
    case integer(Int64)
    /// Any other number.
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([(key: String, value: JSONInput)])

    public static func == (lhs: JSONInput, rhs: JSONInput) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .integer(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let items): hasher.combine(items)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }

    /// The JSON type name, for messages ("expected a string, found a number").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
