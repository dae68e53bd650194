/// Typed, path-aware access to one JSON object. Member names match exactly first, then
/// case-insensitively (ARM reads property names without regard to case, which also accepts
/// the original 2016-11-01 spelling `blobListblobPath`). `null` counts as absent. Unknown
/// members are ignored, as ARM does.
public struct JSONObjectReader: Sendable {
    /// The object's JSON path (`properties.returnAddress`), empty for the document.
    public let path: String
    public let members: [(key: String, value: JSONInput)]

    public init(_ value: JSONInput, path: String = "") throws(JSONDecodingError) {
        guard case .object(let members) = value else {
            throw JSONDecodingError(.wrongType, path: path, "Expected an object, found \(value.typeName).")
        }
        self.path = path
        self.members = members
    }

    /// The path of member `key` (`properties.jobType`).
    public func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member's value; nil when absent or `null`.
    public func value(_ key: String) -> JSONInput? {
        let found = members.first(where: { $0.key == key })
            ?? members.first(where: { $0.key.lowercased() == key.lowercased() })
        guard let found, found.value != .null else { return nil }
        return found.value
    }

    public func contains(_ key: String) -> Bool { value(key) != nil }

    // MARK: Optional members

    public func string(_ key: String) throws(JSONDecodingError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    public func bool(_ key: String) throws(JSONDecodingError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, "a boolean", value) }
        return flag
    }

    /// An integer; `2.0` is accepted as 2, `2.5` is not.
    public func int64(_ key: String) throws(JSONDecodingError) -> Int64? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer(let number): return number
        case .number(let number) where number == number.rounded(.towardZero) && abs(number) < 9.0e18:
            return Int64(number)
        default: throw wrongType(key, "an integer", value)
        }
    }

    public func object(_ key: String) throws(JSONDecodingError) -> JSONObjectReader? {
        guard let value = value(key) else { return nil }
        return try JSONObjectReader(value, path: path(of: key))
    }

    public func array(_ key: String) throws(JSONDecodingError) -> [JSONInput]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw wrongType(key, "an array", value) }
        return items
    }

    /// Objects of an array member, each with its indexed path (`driveList[2]`).
    public func objects(_ key: String) throws(JSONDecodingError) -> [JSONObjectReader]? {
        guard let items = try array(key) else { return nil }
        var readers: [JSONObjectReader] = []
        for (index, item) in items.enumerated() {
            readers.append(try JSONObjectReader(item, path: "\(path(of: key))[\(index)]"))
        }
        return readers
    }

    public func strings(_ key: String) throws(JSONDecodingError) -> [String]? {
        guard let items = try array(key) else { return nil }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw JSONDecodingError(.wrongType, path: "\(path(of: key))[\(index)]",
                                        "Expected a string, found \(item.typeName).")
            }
            texts.append(text)
        }
        return texts
    }

    /// A string → string map (`tags`).
    public func stringMap(_ key: String) throws(JSONDecodingError) -> [String: String]? {
        guard let object = try object(key) else { return nil }
        var map: [String: String] = [:]
        for member in object.members {
            guard case .string(let text) = member.value else {
                throw JSONDecodingError(.wrongType, path: object.path(of: member.key),
                                        "Expected a string, found \(member.value.typeName).")
            }
            map[member.key] = text
        }
        return map
    }

    // MARK: Required members

    public func requiredString(_ key: String) throws(JSONDecodingError) -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    public func requiredObject(_ key: String) throws(JSONDecodingError) -> JSONObjectReader {
        guard let object = try object(key) else { throw missing(key) }
        return object
    }

    // MARK: Errors

    public func missing(_ key: String) -> JSONDecodingError {
        JSONDecodingError(.missing, path: path(of: key), "'\(path(of: key))' is required.")
    }

    public func invalid(_ key: String, _ message: String) -> JSONDecodingError {
        JSONDecodingError(.invalidValue, path: path(of: key), message)
    }

    private func wrongType(_ key: String, _ expected: String, _ found: JSONInput) -> JSONDecodingError {
        JSONDecodingError(.wrongType, path: path(of: key), "Expected \(expected), found \(found.typeName).")
    }
}
