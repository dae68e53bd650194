import ArgumentParser
import Foundation
import IEDriveAPI
import IEDriveCore

/// `iedrive jobs update NAME`: the PATCH of what a customer may still change (log level, tags,
/// return address) — within the windows states.md §12 allows.
struct JobsUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a job's log level, tags or return address (ARM PATCH).",
        discussion: """
            Only what is given changes. --tag replaces the whole tag set (the ARM PATCH rule). \
            The return address file holds the returnAddress object (recipientName, \
            streetAddress1, city, postalCode, countryOrRegion, phone, email, …).
            """)

    @Argument(help: "The job name.") var name: String
    @Option(help: ArgumentHelp("Error or Verbose.", valueName: "level")) var logLevel: String?
    @Option(help: ArgumentHelp("A tag (repeatable); replaces every tag.", valueName: "key=value")) var tag: [String] = []
    @Option(help: ArgumentHelp("The returnAddress object (JSON).", valueName: "file")) var returnAddressFile: String?
    @OptionGroup var client: ClientOptions

    func validate() throws {
        if logLevel == nil && tag.isEmpty && returnAddressFile == nil {
            throw ValidationError("give what to change: --log-level, --tag or --return-address-file.")
        }
        for item in tag where !item.contains("=") { throw ValidationError("--tag takes key=value, not '\(item)'.") }
    }

    func run() throws {
        var properties: [(String, JSONValue)] = []
        if let logLevel { properties.append(("logLevel", .string(logLevel))) }
        if let returnAddressFile {
            guard let data = FileManager.default.contents(atPath: returnAddressFile) else {
                throw CommandFailure("cannot read \(returnAddressFile)", status: ExitStatus.usage)
            }
            do {
                properties.append(("returnAddress", JobPatch.value(try JSONParser.parse(Array(data)))))
            } catch {
                throw CommandFailure("\(returnAddressFile) is not JSON: \(error)", status: ExitStatus.usage)
            }
        }
        var patch: [(String, JSONValue)] = [("properties", .object(properties))]
        if !tag.isEmpty {
            patch.append(("tags", .object(tag.map { item in
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), .string(parts.count > 1 ? String(parts[1]) : ""))
            })))
        }
        try JobPatch.send(name, .object(patch), client: client, done: "updated")
    }
}

/// `iedrive jobs cancel NAME`: `cancelRequested: true` (allowed while the job is Creating).
struct JobsCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a job (only while it is Creating; ARM PATCH cancelRequested).")
    @Argument(help: "The job name.") var name: String
    @OptionGroup var client: ClientOptions

    func run() throws {
        try JobPatch.send(name, .object([("properties", .object([("cancelRequested", .bool(true))]))]), client: client,
                          done: "cancelled")
    }
}

/// `iedrive jobs delete NAME`.
struct JobsDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a job (in Creating, Completed, Closed or Canceled; ARM DELETE).")
    @Argument(help: "The job name.") var name: String
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        _ = try calls.call("DELETE", try calls.jobPath(name))
        Console.out(client.json ? "{\"deleted\":\"\(name)\"}" : "job \(name) deleted")
    }
}

enum JobPatch {
    /// Parsed input JSON, to send on.
    static func value(_ input: JSONInput) -> JSONValue {
        switch input {
        case .null: .null
        case .bool(let value): .bool(value)
        case .integer(let value): .int(value)
        case .number(let value): .double(value)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(value))
        case .object(let members): .object(members.map { ($0.key, value($0.value)) })
        }
    }

    static func send(_ name: String, _ patch: JSONValue, client: ClientOptions, done: String) throws {
        let calls = try client.calls()
        let response = try calls.call("PATCH", try calls.jobPath(name), body: DaemonCalls.body(patch))
        if client.json { Console.out(response.text); return }
        let view = try JobView.parse(response.body)
        Console.out("job \(view.name) \(done): \(view.state)")
    }
}
