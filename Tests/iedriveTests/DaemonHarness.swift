import Foundation
import IEDriveTestSupport
import Testing

/// A real `iedrive daemon` for one test: its own scratch directory (state, target, control
/// socket), a manual clock, started from the built binary; the CLI's client commands run
/// against it. `stop()` (in a defer) ends it and detaches every loop device the test attached.
final class DaemonHarness: @unchecked Sendable {
    let scratch: TemporaryDirectory
    let configFile: String
    var daemon: BackgroundCommand?
    private(set) var attachedImages: [String] = []

    var socket: String { scratch.file("iedrive.sock") }
    /// The daemon's target as a whole.
    var targetRoot: String { scratch.file("target") }
    /// Where the harness's jobs import to: their storage account's directory (`testdata`).
    var target: String { targetRoot + "/testdata" }
    var stateDirectory: String { scratch.file("state") }
    var logFile: String { scratch.file("daemon.log") }

    /// `api`: the `[api]` table; by default the TCP API is off, so tests never compete for a port.
    /// `blob`: the `[storage_account]` table; the Blob endpoint is off by default for the same reason.
    /// `target`: the daemon's target address (default: the scratch directory's `target`).
    init(_ label: String, extraConfig: String = "", api: String = "listen = \"\"", blob: String = "listen = \"\"",
         target: String? = nil) throws {
        scratch = try TestEnvironment.temporaryDirectory("daemon-\(label)")
        configFile = scratch.file("iedrive.toml")
        try """
        state_dir = "\(scratch.file("state"))"
        target = "\(target ?? scratch.file("target"))"
        socket = "\(scratch.file("iedrive.sock"))"
        clock = "manual"
        max_concurrent_drives = 2
        \(extraConfig)
        [api]
        \(api)
        [storage_account]
        \(blob)
        """.write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    /// Starts the daemon and waits for its control socket to answer.
    func start(environment: [String: String] = [:]) throws {
        let assignments = environment.map { "\($0.key)=\($0.value)" }
        let command = try BackgroundCommand(
            ["sh", "-c", "log=$1; shift; exec env \"$@\" 2>>\"$log\"", "sh", logFile] + assignments
                + [TestEnvironment.iedriveBinary, "daemon", "--config", configFile])
        daemon = command
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let result = try? cli(["jobs", "list"]), result.status == 0 { return }
            if !command.isRunning { break }
            usleep(100_000)
        }
        throw TestSupportError.setup("the daemon did not answer on \(socket):\n\(log)")
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// The running daemon's process id (`sh` execs into it).
    var daemonPid: Int32? { daemon?.processIdentifier }

    /// The TCP API's port, from the daemon's "API listening … port=N" line (listen on port 0).
    func apiPort() throws -> Int {
        // The API is a service of its own beside the control socket: it may say so a moment later.
        let deadline = Date().addingTimeInterval(15)
        repeat {
            for line in log.split(separator: "\n") where line.contains("API listening") {
                if let field = line.split(separator: " ").first(where: { $0.hasPrefix("port=") }), let port = Int(field.dropFirst(5)) {
                    return port
                }
            }
            usleep(50_000)
        } while Date() < deadline
        throw TestSupportError.setup("the daemon did not say where its API listens:\n\(log)")
    }

    /// `iedrive ARGS` against this daemon.
    func cli(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run([TestEnvironment.iedriveBinary] + arguments, environment: ["IEDRIVE_ENDPOINT": socket])
    }

    /// `iedrive ARGS`, expecting success; returns its standard output.
    @discardableResult
    func check(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try cli(arguments)
        #expect(result.status == 0, "iedrive \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The job resource as the ARM API returns it.
    func jobResource(_ name: String) throws -> [String: Any] {
        let text = try check(["jobs", "show", name, "--json"])
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    func drives(_ name: String) throws -> [[String: Any]] {
        let properties = try jobResource(name)["properties"] as? [String: Any]
        return properties?["driveList"] as? [[String: Any]] ?? []
    }

    /// Polls until `condition` holds for the job's drives, up to `timeout` seconds.
    func waitForDrives(_ name: String, timeout: Double = 120, _ condition: ([[String: Any]]) -> Bool) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [[String: Any]] = []
        while Date() < deadline {
            last = try drives(name)
            if condition(last) { return last }
            usleep(250_000)
        }
        Issue.record("drives of \(name) did not reach the expected states in \(timeout) s: \(last)\n\(log)")
        return last
    }

    func deliver(_ job: String, images: [String]) throws {
        try check(["sim", "deliver", job, "--image"] + images)
        attachedImages += images
    }

    /// Stops the daemon, detaches this test's loop devices and removes the scratch directory.
    func stop() {
        shutdown()
        scratch.cleanup()
    }

    /// Stops the daemon (SIGTERM, then SIGKILL) and detaches this test's loop devices.
    func shutdown() {
        daemon?.signal(SIGTERM)
        if daemon?.wait(timeout: 30) == nil { daemon?.stop() }
        for image in attachedImages {
            let loops = (try? CommandRunner.run(["losetup", "-j", image, "-O", "NAME", "-n"]).stdout) ?? ""
            for loop in loops.split(separator: "\n") { _ = try? CommandRunner.run(["losetup", "-d", String(loop)]) }
        }
        attachedImages.removeAll()
    }

    /// `jobs create NAME` of an import job for `drives` (its body: `importJob`); what the CLI said.
    @discardableResult
    func createImportJob(_ name: String, drives: [(id: String, key: String, manifestHash: String)],
                         logLevel: String = "Error") throws -> String {
        let file = scratch.file("\(name).json")
        try Self.importJob(drives, logLevel: logLevel).write(toFile: file, atomically: true, encoding: .utf8)
        return try check(["jobs", "create", name, "--file", file])
    }

    /// `jobs ship NAME`: the customer declares the package sent.
    func ship(_ name: String, carrier: String = "FedEx", tracking: String) throws {
        try check(["jobs", "ship", name, "--carrier", carrier, "--tracking", tracking])
    }

    /// The API body of an import job for `drives` (driveId, key, manifest hash).
    static func importJob(_ drives: [(id: String, key: String, manifestHash: String)], logLevel: String = "Error") -> String {
        let list = drives.map { drive in
            """
            { "driveId": "\(drive.id)", "bitLockerKey": "\(drive.key)", "manifestFile": "\\\\DriveManifest.xml",
              "manifestHash": "\(drive.manifestHash)", "driveHeaderHash": "" }
            """
        }.joined(separator: ",\n")
        return """
        {
          "location": "West Europe",
          "properties": {
            "storageAccountId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iedrive/providers/Microsoft.Storage/storageAccounts/testdata",
            "jobType": "Import",
            "returnAddress": { "recipientName": "Intake", "streetAddress1": "1 Quay", "city": "Rotterdam", "postalCode": "3011",
                               "countryOrRegion": "Netherlands", "phone": "+31 10 000 0000", "email": "intake@example.com" },
            "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "DHL-1" },
            "diagnosticsPath": "waimportexport",
            "logLevel": "\(logLevel)",
            "driveList": [\(list)]
          }
        }
        """
    }

    static let unusedKey = "000000-000000-000000-000000-000000-000000-000000-000000"
}
