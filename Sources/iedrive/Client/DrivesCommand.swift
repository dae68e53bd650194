import ArgumentParser
import Foundation
import IEDriveAPI
import IEDriveCore

/// State names in one vocabulary (states.md §3 Classic, §4 Preview).
enum Vocabulary: String, ExpressibleByArgument, CaseIterable {
    case classic
    case preview
}

/// `iedrive drives [JOB]`: every drive of one job or of all jobs.
struct DrivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drives",
        abstract: "List drives with their state, progress, bytes and failure.",
        discussion: """
            STATE is in the chosen vocabulary: classic (the API's driveList[].state, default) or \
            preview (the portal's status labels). Recovery keys are never shown (see `iedrive keys`).
            """)

    @Argument(help: "Only this job's drives.") var job: String?
    @Option(help: ArgumentHelp("State names: classic or preview.", valueName: "v")) var vocabulary: Vocabulary = .classic
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        let path = (job.map { "/iedrive/v1/jobs/\(URLPathSegment.encoded($0))" } ?? "/iedrive/v1/jobs") + calls.scopeQuery
        let response = try calls.call("GET", path)
        if client.json {
            if let job {
                Console.out(try calls.call("GET", "/iedrive/v1/jobs/\(URLPathSegment.encoded(job))/drives" + calls.scopeQuery).text)
            } else {
                Console.out(response.text)
            }
            return
        }
        let jobs: [JobSummary]
        do {
            jobs = job == nil ? try JobSummary.decodeList(response.body) : [try JobSummary(body: response.body)]
        } catch {
            throw CommandFailure("the daemon\'s answer is not the JSON expected: \(error)", state: .daemonRefused)
        }
        var table = TextTable(["JOB", "DRIVE", "STATE", "PERCENT", "BYTES", "FAILURE"],
                              alignments: [.left, .left, .left, .right, .right, .left])
        for summary in jobs {
            for drive in summary.drives {
                let state = vocabulary == .classic ? drive.state.classic : drive.preview.label
                table.add([summary.name, drive.driveId, state, drive.percentComplete.map { "\($0)%" } ?? "-",
                           drive.bytesSucceeded.map { ByteCountText.text($0) } ?? "-",
                           drive.failureReason ?? drive.failureState?.label ?? ""])
            }
        }
        Console.out(table.rows.isEmpty ? "no drives" : table.render())
    }
}

/// `iedrive keys JOB`: the job's recovery keys through listBitLockerKeys — the one command that prints keys.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print a job's BitLocker recovery keys (listBitLockerKeys).",
        discussion: "The only command that prints recovery keys; keep its output private.")

    @Argument(help: "The job name.") var job: String
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        let path = try calls.jobPath(job).replacingOccurrences(of: "?api-version=", with: "/listBitLockerKeys?api-version=")
        let response = try calls.call("POST", path)
        if client.json { Console.out(response.text); return }
        let list: BitLockerKeyListView
        do { list = try BitLockerKeyListView(body: response.body) } catch {
            throw CommandFailure("the daemon\'s answer is not a key list: \(error)", state: .daemonRefused)
        }
        var table = TextTable(["DRIVE", "KEY"])
        for entry in list.keys { table.add([entry.driveId, entry.key.revealed]) }
        Console.out(list.keys.isEmpty ? "no keys" : table.render())
    }
}
