import IEDriveCore

/// One schema of the OpenAPI document, in OpenAPI 3.0's dialect of JSON Schema, built as a
/// value so the document reads as a list of declarations rather than nested JSON literals.
/// Members keep their order (the served document is stable byte for byte).
struct JSONSchema {
    private(set) var members: [(String, JSONValue)]

    init(_ members: [(String, JSONValue)]) { self.members = members }

    var json: JSONValue { .object(members) }

    /// This schema with `key` set (replaced when present).
    func with(_ key: String, _ value: JSONValue) -> JSONSchema {
        var copy = self
        if let index = copy.members.firstIndex(where: { $0.0 == key }) {
            copy.members[index].1 = value
        } else {
            copy.members.append((key, value))
        }
        return copy
    }

    func described(_ text: String) -> JSONSchema { with("description", .string(text)) }

    /// Also `null`, which the server reads as an absent member (`JSONObjectReader`). A `$ref`
    /// cannot carry siblings in 3.0, so a nullable reference is wrapped in `allOf`.
    func nullable() -> JSONSchema {
        if members.contains(where: { $0.0 == "$ref" }) {
            return JSONSchema([("nullable", .bool(true)), ("allOf", .array([json]))])
        }
        return with("nullable", .bool(true))
    }

    // MARK: Building blocks

    static func ref(_ name: String) -> JSONSchema { JSONSchema([("$ref", .string("#/components/schemas/\(name)"))]) }

    static func string(pattern: String? = nil, format: String? = nil, minLength: Int? = nil,
                       maxLength: Int? = nil) -> JSONSchema {
        var schema = JSONSchema([("type", .string("string"))])
        if let pattern { schema = schema.with("pattern", .string(pattern)) }
        if let format { schema = schema.with("format", .string(format)) }
        if let minLength { schema = schema.with("minLength", .int(Int64(minLength))) }
        if let maxLength { schema = schema.with("maxLength", .int(Int64(maxLength))) }
        return schema
    }

    /// A string that is one of `values`, exactly.
    static func enumeration(_ values: [String]) -> JSONSchema {
        JSONSchema([("type", .string("string")), ("enum", .array(values.map(JSONValue.string)))])
    }

    static func integer(minimum: Int64? = nil, maximum: Int64? = nil, format: String = "int64") -> JSONSchema {
        var schema = JSONSchema([("type", .string("integer")), ("format", .string(format))])
        if let minimum { schema = schema.with("minimum", .int(minimum)) }
        if let maximum { schema = schema.with("maximum", .int(maximum)) }
        return schema
    }

    static let boolean = JSONSchema([("type", .string("boolean"))])
    static let number = JSONSchema([("type", .string("number"))])

    static func array(_ items: JSONSchema, minItems: Int? = nil, maxItems: Int? = nil, unique: Bool = false) -> JSONSchema {
        var schema = JSONSchema([("type", .string("array")), ("items", items.json)])
        if let minItems { schema = schema.with("minItems", .int(Int64(minItems))) }
        if let maxItems { schema = schema.with("maxItems", .int(Int64(maxItems))) }
        if unique { schema = schema.with("uniqueItems", .bool(true)) }
        return schema
    }

    /// An object with these members. Members not listed are allowed (the server ignores
    /// them, as ARM does).
    static func object(_ properties: [(String, JSONSchema)], required: [String] = []) -> JSONSchema {
        var schema = JSONSchema([("type", .string("object"))])
        if !required.isEmpty { schema = schema.with("required", .array(required.map(JSONValue.string))) }
        return schema.with("properties", .object(properties.map { ($0.0, $0.1.json) }))
    }

    /// An object whose every member is a `values` (`tags`).
    static func map(_ values: JSONSchema) -> JSONSchema {
        JSONSchema([("type", .string("object")), ("additionalProperties", values.json)])
    }

    static func oneOf(_ schemas: [JSONSchema]) -> JSONSchema { JSONSchema([("oneOf", .array(schemas.map(\.json)))]) }

    /// A member that must be absent: only `null` (the same as absent to the server) is allowed.
    static let absent = JSONSchema([("type", .string("object")), ("nullable", .bool(true)), ("enum", .array([.null]))])

    /// Any JSON value (the document itself).
    static let any = JSONSchema([])
}
