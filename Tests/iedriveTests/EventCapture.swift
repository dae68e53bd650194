import Foundation
import IEDriveTestSupport

/// A real client on the daemon's event stream: `curl -N` over the control socket, its body
/// written to a file that the test reads while it grows; parsed as `text/event-stream`.
final class EventCapture {
    struct Message {
        var id: Int64?
        var event: String
        var data: [String: Any]
    }

    let file: String
    let command: BackgroundCommand

    init(socket: String, path: String = "/iedrive/v1/events", lastEventID: Int64? = nil, into file: String,
         maxSeconds: Int = 300) throws {
        self.file = file
        let header = lastEventID.map { "-H 'Last-Event-ID: \($0)'" } ?? ""
        command = try BackgroundCommand(["sh", "-c",
            "exec curl -s -N --max-time \(maxSeconds) \(header) --unix-socket \"$0\" \"http://localhost\(path)\" > \"$1\"",
            socket, file])
    }

    var text: String { (try? String(contentsOfFile: file, encoding: .utf8)) ?? "" }

    /// Complete messages (ended by a blank line) received so far.
    var messages: [Message] {
        var out: [Message] = []
        for block in text.components(separatedBy: "\n\n").dropLast() {
            var id: Int64?
            var event = "message"
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !data.isEmpty else { continue }
            let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
            out.append(Message(id: id, event: event, data: object))
        }
        return out
    }

    /// The ids of lifecycle messages (not the snapshot), in arrival order.
    var lifecycleIDs: [Int64] { messages.filter { $0.event != "snapshot" }.compactMap(\.id) }

    /// Waits until `condition` holds for the messages, up to `timeout` seconds.
    @discardableResult
    func wait(timeout: Double, _ condition: ([Message]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(messages) { return true }
            usleep(100_000)
        }
        return false
    }

    func stop() { command.stop() }
}
