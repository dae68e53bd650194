public import IEDriveCore

extension JSONValue {
    /// The compact UTF-8 body, as served. Key order is the order the encoders build, so the
    /// same value always gives the same bytes.
    public var body: [UInt8] { Array(serialized().utf8) }
}

/// Builds one JSON object in order; a nil value drops its member (the API omits fields with
/// no value, rest-api.md §3.4).
struct JSONObjectBuilder {
    private(set) var members: [(String, JSONValue)] = []

    subscript(key: String) -> JSONValue? {
        get { members.first { $0.0 == key }?.1 }
        set { if let newValue { members.append((key, newValue)) } }
    }

    subscript(string key: String) -> String? {
        get { nil }
        set { if let newValue { members.append((key, .string(newValue))) } }
    }

    subscript(integer key: String) -> Int64? {
        get { nil }
        set { if let newValue { members.append((key, .int(newValue))) } }
    }

    var json: JSONValue { .object(members) }
}
