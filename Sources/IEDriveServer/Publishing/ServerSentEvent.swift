import Hummingbird

/// One Server-Sent Events message (the WHATWG `text/event-stream` format): optional `id:`,
/// `event:` name and the data, one `data:` line per line of text, ended by a blank line.
/// A comment (`: text`) keeps an idle connection open.
struct ServerSentEvent: Sendable, Hashable {
    var id: Int64?
    var event: String
    var data: String

    var text: String {
        var out = ""
        if let id { out += "id: \(id)\n" }
        out += "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { out += "data: \(line)\n" }
        return out + "\n"
    }

    var buffer: ByteBuffer { ByteBuffer(string: text) }

    static func comment(_ text: String) -> ByteBuffer { ByteBuffer(string: ": \(text)\n\n") }

    /// How long a browser waits before reconnecting (it then sends `Last-Event-ID`).
    static func retry(milliseconds: Int) -> ByteBuffer { ByteBuffer(string: "retry: \(milliseconds)\n\n") }
}
