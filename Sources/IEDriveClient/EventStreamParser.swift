/// One message of a Server-Sent Events stream as a client reads it.
public struct StreamMessage: Sendable, Hashable {
    /// The `id:` field, when the message had one.
    public var id: String?
    /// The `event:` field (`message` when absent).
    public var event: String
    /// The `data:` lines joined by newlines.
    public var data: String
}

/// Reads `text/event-stream` line by line (the WHATWG rules the daemon's stream needs):
/// fields until a blank line, comments (`:`) ignored, `retry:` ignored.
public struct EventStreamParser: Sendable {
    private var id: String?
    private var event: String?
    private var data: [String] = []

    public init() {}

    /// Feeds one line (without its newline); returns the message a blank line completes.
    public mutating func feed(_ line: String) -> StreamMessage? {
        if line.isEmpty {
            defer { (id, event, data) = (nil, nil, []) }
            guard !data.isEmpty || id != nil else { return nil }
            return StreamMessage(id: id, event: event ?? "message", data: data.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { return nil }
        let (name, value): (Substring, Substring)
        if let colon = line.firstIndex(of: ":") {
            name = line[..<colon]
            let rest = line[line.index(after: colon)...]
            value = rest.hasPrefix(" ") ? rest.dropFirst() : rest
        } else {
            (name, value) = (Substring(line), "")
        }
        switch name {
        case "id": id = String(value)
        case "event": event = String(value)
        case "data": data.append(String(value))
        default: break
        }
        return nil
    }
}
