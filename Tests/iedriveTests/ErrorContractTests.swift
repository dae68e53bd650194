import Foundation
import IEDriveTestSupport
import Testing

/// One error contract for every command: each failure path ends in its documented exit
/// status, a message on stderr, and with `--json` one JSON object on stdout naming the
/// failure state — never the argument parser's generic error.
@Suite(.requiresRoot)
struct ErrorContractTests {
    /// The generic failure object: `{"event":"failure","ok":false,"command",…,"failure":{state,token,reason}}`.
    @discardableResult
    func expectFailure(_ result: CommandResult, status: Int32, token: String, command: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        if status == 2 {
            // A usage error is the argument parser's to explain, with the usage line.
            #expect(result.stderr.contains("Usage: "), "\(result.stderr)", sourceLocation: sourceLocation)
        } else {
            #expect(result.stderr.hasPrefix("iedrive \(command): "), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("Error: "), "the argument parser's generic error: \(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        let line = try #require(result.stdout.split(separator: "\n").last.map(String.init), "no JSON:\n\(result)",
                                sourceLocation: sourceLocation)
        let object = try jsonObject(line, sourceLocation: sourceLocation)
        let failure = try #require(object["failure"] as? [String: Any], "\(line)", sourceLocation: sourceLocation)
        #expect(failure["token"] as? String == token, "\(line)", sourceLocation: sourceLocation)
        #expect((failure["reason"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(object["exitStatus"] as? Int == Int(status), sourceLocation: sourceLocation)
        return object
    }

    @Test func driveCommandsOnADeviceThatIsNotThere() throws {
        let nowhere = "/dev/iedrive-no-such-device"
        try expectFailure(CLI.iedrive(["verify", nowhere, "--allow-unencrypted", "--json"]),
                          status: 1, token: "DeviceUnavailable", command: "verify")
        try expectFailure(CLI.iedrive(["ls", nowhere, "--allow-unencrypted", "--json"]),
                          status: 1, token: "DeviceUnavailable", command: "ls")
        let scratch = try TestEnvironment.temporaryDirectory("contract-import")
        defer { scratch.cleanup() }
        try expectFailure(CLI.iedrive(["import", nowhere, "--allow-unencrypted", "--json", "--target", scratch.file("target"),
                                       "--journal", scratch.file("journal.sqlite")]),
                          status: 1, token: "DeviceUnavailable", command: "import")
    }

    @Test func importWithAJournalOrLogsThatCannotBeWritten() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("contract-journal")
        defer { scratch.cleanup() }
        let blocker = try writeFile("a file, not a directory", in: scratch, named: "blocker")
        try expectUnchanged([plain.path]) {
            try expectFailure(CLI.iedrive(["import", plain.path, "--allow-unencrypted", "--json", "--target", scratch.file("target"),
                                           "--journal", blocker + "/journal.sqlite"]),
                              status: 1, token: "JournalUnavailable", command: "import")
            try expectFailure(CLI.iedrive(["verify", plain.path, "--allow-unencrypted", "--json", "--log-dir", blocker + "/logs"]),
                              status: 1, token: "LogsUnavailable", command: "verify")
            try expectFailure(CLI.iedrive(["verify", plain.path, "--json", "--recovery-key-file", scratch.file("no-such-key")]),
                              status: 1, token: "RecoveryKeyUnreadable", command: "verify")
        }
    }

    @Test func aMalformedKeyIsTheDrivesFailureForEveryCommand() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("contract-key")
        defer { scratch.cleanup() }
        for command in ["verify", "ls", "import"] {
            var arguments = [command, plain.path, "--recovery-key", "12-34", "--json"]
            if command == "import" { arguments += ["--target", scratch.file("target"), "--journal", scratch.file("j.sqlite")] }
            let result = try CLI.iedrive(arguments)
            #expect(result.status == 4, "\(command): \(result)")
            #expect(result.stdout.contains("BitLockerKeyInvalid"), "\(command): \(result.stdout)")
            #expect(!result.stdout.contains("12-34") && !result.stderr.contains("12-34"), "the key text is never echoed")
        }
    }

    @Test func lsOfAPathNotOnTheVolume() throws {
        let plain = try VerifyDrives.plainTree()
        try expectFailure(CLI.iedrive(["ls", plain.path, "/no/such/folder", "--allow-unencrypted", "--json"]),
                          status: 7, token: "NotFound", command: "ls")
    }

    @Test func clientCommandsWithoutADaemon() throws {
        let scratch = try TestEnvironment.temporaryDirectory("contract-client")
        defer { scratch.cleanup() }
        let endpoint = "unix:" + scratch.file("nobody-listens.sock")
        try expectFailure(CLI.iedrive(["jobs", "list", "--endpoint", endpoint, "--json"]),
                          status: 1, token: "DaemonUnreachable", command: "jobs list")
        try expectFailure(CLI.iedrive(["drives", "--endpoint", endpoint, "--json"]),
                          status: 1, token: "DaemonUnreachable", command: "drives")
    }

    @Test func usageErrorsWithJSON() throws {
        try expectFailure(CLI.iedrive(["verify", "--json"]), status: 2, token: "UsageError", command: "verify")
        try expectFailure(CLI.iedrive(["import", "/dev/null", "--json", "--pieces-in-flight", "0", "--target", "/tmp/x"]),
                          status: 2, token: "UsageError", command: "import")
    }
}
