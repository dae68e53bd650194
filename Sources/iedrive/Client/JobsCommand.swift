import ArgumentParser
import Foundation
import IEDriveAPI
import IEDriveCore

/// `iedrive jobs …`: the customer's side of the job, through a running daemon.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Create, ship, list and show Import/Export jobs on a running daemon.",
        discussion: """
            These talk to `iedrive daemon` through its control socket (--endpoint or \
            $IEDRIVE_ENDPOINT say where). States are shown in both vocabularies: the Classic API \
            string (STATE) and the portal's Preview label (STATUS).

            Exit status: 0 success; 1 the daemon refused (its ARM error code and message are \
            printed) or cannot be reached; 2 usage error; 7 no such job.
            """,
        subcommands: [JobsCreateCommand.self, JobsShipCommand.self, JobsListCommand.self, JobsShowCommand.self,
                      JobsUpdateCommand.self, JobsCancelCommand.self, JobsDeleteCommand.self])
}

struct JobsCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create (or, while it is Creating, replace) a job from an API job body.",
        discussion: """
            JOB.json is the body of the ARM PUT (rest-api.md: location, tags, properties with \
            jobType, storageAccountId, returnAddress, returnShipping, driveList with each drive's \
            driveId, bitLockerKey, manifestFile and manifestHash, …). The created job is printed \
            as the API returns it with --json (recovery keys are never returned).
            """)

    @Argument(help: "The job name.") var name: String
    @Option(help: ArgumentHelp("The API job body (JSON).", valueName: "JOB.json")) var file: String
    @OptionGroup var client: ClientOptions

    func run() throws {
        guard let body = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read \(file)", status: ExitStatus.usage)
        }
        let calls = try client.calls()
        let response = try calls.call("PUT", try calls.jobPath(name), body: Array(body))
        if client.json {
            Console.out(response.text)
        } else {
            let view = try JobView.parse(response.body)
            Console.out("\(response.status == 201 ? "created" : "replaced") job \(view.name): \(view.state), \(view.driveCount) drive(s)")
        }
    }
}

struct JobsShipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Tell the service the drives are on their way (state Shipping, with the delivery package).",
        discussion: """
            Sends the PATCH that moves a Creating job to Shipping with deliveryPackage \
            (carrier, tracking number, drive count, ship date). The job needs its return address \
            and return shipping first (from its create body or a later update).
            """)

    @Argument(help: "The job name.") var name: String
    @Option(help: ArgumentHelp("Carrier name, e.g. FedEx, UPS, DHL.", valueName: "C")) var carrier: String
    @Option(help: ArgumentHelp("The package's tracking number.", valueName: "T")) var tracking: String
    @Option(help: ArgumentHelp("Drives in the package (default: the job's drive count).", valueName: "n")) var driveCount: Int?
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        let path = try calls.jobPath(name)
        let count: Int
        if let driveCount { count = driveCount } else { count = try JobView.parse(try calls.call("GET", path).body).driveCount }
        let shipDate = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let patch = JSONValue.object([("properties", .object([
            ("state", .string("Shipping")),
            ("deliveryPackage", .object([
                ("carrierName", .string(carrier)), ("trackingNumber", .string(tracking)),
                ("driveCount", .int(Int64(count))), ("shipDate", .string(shipDate)),
            ])),
        ]))])
        let response = try calls.call("PATCH", path, body: DaemonCalls.body(patch))
        if client.json { Console.out(response.text) } else {
            Console.out("job \(try JobView.parse(response.body).name) is \(try JobView.parse(response.body).state)")
        }
    }
}

struct JobsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the jobs with their state and progress.")
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        let response = try calls.call("GET", "/iedrive/v1/jobs" + calls.scopeQuery)
        if client.json { Console.out(response.text); return }
        let jobs: [JobSummary]
        do { jobs = try JobSummary.decodeList(response.body) } catch {
            throw CommandFailure("the daemon\'s job list is not the JSON expected: \(error)", state: .daemonRefused)
        }
        var table = TextTable(["NAME", "TYPE", "STATE", "STATUS", "PERCENT", "DRIVES"],
                              alignments: [.left, .left, .left, .left, .right, .right])
        for job in jobs {
            table.add([job.name, job.type.rawValue, job.classicState, job.preview.label,
                       job.percentComplete.map { "\($0)%" } ?? "-", String(job.driveCount)])
        }
        Console.out(jobs.isEmpty ? "no jobs" : table.render())
    }
}

struct JobsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one job and its drives.",
        discussion: "With --json, the job resource exactly as the API returns it (GET, api-version 2021-01-01).")
    @Argument(help: "The job name.") var name: String
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        if client.json {
            Console.out(try calls.call("GET", try calls.jobPath(name)).text)
            return
        }
        let response = try calls.call("GET", "/iedrive/v1/jobs/\(URLPathSegment.encoded(name))" + calls.scopeQuery)
        let job: JobSummary
        do { job = try JobSummary(body: response.body) } catch {
            throw CommandFailure("the daemon\'s answer is not the JSON expected: \(error)", state: .daemonRefused)
        }
        Console.out("job \(job.name) (\(job.type.rawValue)): \(job.classicState) / \(job.preview.label)"
                    + (job.percentComplete.map { ", \($0)% complete" } ?? "")
                    + (job.cancelRequested ? ", cancel requested" : ""))
        var table = TextTable(["DRIVE", "STATE", "STATUS", "PERCENT", "BYTES", "FAILURE"],
                              alignments: [.left, .left, .left, .right, .right, .left])
        for drive in job.drives {
            table.add([drive.driveId, drive.state.classic, drive.preview.label,
                       drive.percentComplete.map { "\($0)%" } ?? "-",
                       drive.bytesSucceeded.map { ByteCountText.text($0) } ?? "-",
                       drive.failureReason ?? drive.failureState?.label ?? ""])
        }
        if !job.drives.isEmpty { Console.out(table.render()) }
    }
}

/// The few fields of a job resource the commands print.
struct JobView {
    var name: String
    var state: String
    var driveCount: Int

    static func parse(_ body: [UInt8]) throws -> JobView {
        do {
            let view = try JobResourceView(body: body)
            return JobView(name: view.name, state: view.state, driveCount: view.drives.count)
        } catch {
            throw CommandFailure("the daemon\'s answer is not a job resource: \(error)", state: .daemonRefused)
        }
    }
}
