import ArgumentParser
import Foundation
import IEDriveAPI
import IEDriveClient
import IEDriveCore
import IEDriveSystem

/// `iedrive watch [JOB]`: follows the daemon's event stream (`/iedrive/v1/events`).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow jobs and drives live: progress bars on a terminal, JSON lines otherwise.",
        discussion: """
            On a terminal: one line per job and per drive, redrawn in place, with a progress bar, \
            bytes, copy rate and ETA. Otherwise (or with --json): every message of the event \
            stream as one JSON object per line: {"event": KIND, "id": ID or null, "data": {…}}; \
            the first is a "snapshot" of the jobs.

            With JOB, only that job, and the command ends once the job's drives are all \
            processed (Packaging or later) or the job ends or is deleted. Without JOB it runs \
            until Ctrl-C.

            Exit status: 0 the job finished (or Ctrl-C); 1 the daemon cannot be reached or ended \
            the stream; 7 no such job.
            """)

    @Argument(help: "Only this job; end when its drives are all processed.") var job: String?
    @Option(help: ArgumentHelp("State names: classic (API strings) or preview (portal labels).", valueName: "classic|preview"))
    var vocabulary = "classic"
    @OptionGroup var client: ClientOptions

    /// Job states after which nothing more happens to the drives.
    static let finalStates: Set<String> = ["Packaging", "Completed", "Closed", "Canceled", "Deleted"]

    func validate() throws {
        guard ["classic", "preview"].contains(vocabulary) else {
            throw ValidationError("--vocabulary must be classic or preview, not '\(vocabulary)'.")
        }
    }

    func run() throws {
        let calls = try client.calls()
        let daemon = calls.client
        var path = "/iedrive/v1/events"
        if let job {
            _ = try calls.call("GET", "/iedrive/v1/jobs/\(URLPathSegment.encoded(job))" + calls.scopeQuery)
            path += "?job=" + (job.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? job)
            if !calls.scopeQueryItems.isEmpty { path += "&" + calls.scopeQueryItems }
        }
        let jsonLines = client.json || !SystemCall.isTerminal(SystemCall.standardOutput)
        var board = WatchBoard(preview: vocabulary == "preview")
        var parser = EventStreamParser()
        var screen = RedrawingScreen()
        var finished = false
        let refused: HTTPResponse?
        do {
            refused = try daemon.stream(path) { line in
                guard let message = parser.feed(line) else { return true }
                board.apply(message)
                if jsonLines {
                    Console.out(Self.jsonLine(message))
                } else {
                    screen.draw(board.lines(width: RedrawingScreen.columns()))
                }
                if let job, let state = board.state(of: job), Self.finalStates.contains(state) {
                    finished = true
                    return false
                }
                return true
            }
        } catch {
            throw CommandFailure(error.description, state: .daemonUnreachable)
        }
        if let refused {
            throw CommandFailure("the daemon answered \(refused.status): \(refused.text.prefix(300))",
                                 status: refused.status == 404 ? ExitStatus.notFound : ExitStatus.failure,
                                 state: refused.status == 404 ? .notFound : .daemonRefused)
        }
        if !finished { throw CommandFailure("the daemon ended the event stream", state: .daemonUnreachable) }
    }

    static func jsonLine(_ message: StreamMessage) -> String {
        let data = message.data.isEmpty ? "null" : message.data
        return "{\"event\":\(JSONValue.string(message.event).serialized()),\"id\":\(message.id.map { JSONValue.string($0).serialized() } ?? "null"),\"data\":\(data)}"
    }
}

/// Lines redrawn in place on a terminal: the cursor goes back up over the previous drawing.
struct RedrawingScreen {
    private var drawn = 0

    mutating func draw(_ lines: [String]) {
        var text = drawn > 0 ? "\u{1B}[\(drawn)F" : ""
        for line in lines { text += "\u{1B}[2K" + line + "\n" }
        if lines.count < drawn { text += String(repeating: "\u{1B}[2K\n", count: drawn - lines.count) + "\u{1B}[\(drawn - lines.count)F" }
        drawn = lines.count
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func columns() -> Int {
        SystemCall.terminalColumns(SystemCall.standardOutput) ?? 100
    }
}
