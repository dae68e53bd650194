/// What of an HTTP request a Shared Key signature covers, as the server received it.
public struct SharedKeyRequest: Sendable {
    /// `GET`, `PUT`, … as sent.
    public var method: String
    /// Every header, names in any case; repeated names keep their order.
    public var headers: [(name: String, value: String)]
    /// The request path as it came on the wire, still percent-encoded (`/acct/c/a%20b`).
    public var encodedPath: String
    /// The query parameters, names and values percent-decoded.
    public var query: [(name: String, value: String)]

    public init(method: String, headers: [(name: String, value: String)], encodedPath: String,
                query: [(name: String, value: String)]) {
        self.method = method
        self.headers = headers
        self.encodedPath = encodedPath
        self.query = query
    }

    /// The value of header `name` (case-insensitive); several values joined with commas.
    public func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.lowercased() == name }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}
