import ArgumentParser
import IEDriveCore
import IEDriveDaemon

/// `iedrive ls DEVICE [PATH]`: list a drive's volume, read-only, through its reader.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the files on a drive's volume (a debugging aid; read-only).",
        discussion: """
            Unlocks the drive like verify does and lists PATH on the volume (default: the \
            root). Paths use '/' or '\\' as separators. DOS 8.3 aliases and NTFS system files \
            are not shown.

            Exit status: 0 listed; 4 the drive failed (the message names the failure state); \
            7 PATH is not on the volume; 1 cannot start; 2 usage error.
            """
    )

    @Argument(help: ArgumentHelp("Block device or drive image.", valueName: "device"))
    var device: String

    @Argument(help: ArgumentHelp("Directory or file on the volume.", valueName: "path"))
    var path: String = "/"

    @Flag(name: [.customShort("R"), .long], help: "List everything below PATH.")
    var recursive = false

    @Flag(help: "Print JSON lines, one object per entry.")
    var json = false

    @OptionGroup var key: RecoveryKeyOptions
    @OptionGroup var reader: ReaderOptions

    func run() async throws {
        let password: RecoveryPassword?
        do {
            password = try key.password()
        } catch let malformed as MalformedRecoveryKey {
            try fail(malformed.failure)
        }
        let volumePath = "/" + path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).joined(separator: "/")
        let request = DriveSessionRequest(devicePath: device, recoveryPassword: password,
                                          allowUnencrypted: key.allowUnencrypted, mappedReads: false)
        do {
            _ = try await ReaderSessions(reader: reader.configuration).withOpenedDrive(request) { drive in
                let entry = try await drive.volume.stat(volumePath)
                if entry.kind != .directory {
                    print(entry)
                } else if recursive {
                    try await drive.volume.walk(volumePath) { batch in batch.forEach(print) }
                } else {
                    try await drive.volume.list(volumePath).forEach(print)
                }
            }
        } catch DriveOpeningError.drive(let failure) {
            try fail(failure)
        } catch DriveOpeningError.host(let message, let part) {
            throw CommandFailure(message, state: part == .device ? .deviceUnavailable : .readerUnavailable)
        } catch let failure as ReaderFailure {
            if failure.isFatal { try fail(DriveFailure(failure)) }
            throw CommandFailure(failure.description, status: ExitStatus.notFound, state: .notFound)
        }
    }

    /// The drive failed: its state on stderr, and with --json a failure line like `import`'s.
    private func fail(_ failure: DriveFailure) throws -> Never {
        if json {
            Console.out(JSONValue.object([
                ("event", .string("failure")),
                ("state", .string(failure.state.label)),
                ("token", .string(failure.state.rawValue)),
                ("driveStatus", .string(failure.status.rawValue)),
                ("reason", .string(failure.reason)),
            ]).serialized())
        }
        Console.error("iedrive ls: \(failure.state.label): \(failure.reason)")
        throw ExitCode(ExitStatus.driveFailed)
    }

    private func print(_ entry: VolumeEntry) {
        if json {
            Console.out(JSONValue.object([
                ("path", .string(entry.path)),
                ("kind", .string(entry.kind == .file ? "file" : entry.kind == .directory ? "directory" : "other")),
                ("size", .uint(entry.size)),
                ("sparse", .bool(entry.sparse)),
                ("compressed", .bool(entry.compressed)),
                ("modified", .int(Int(entry.modified))),
            ]).serialized())
        } else {
            let kind = entry.kind == .directory ? "d" : entry.kind == .file ? "-" : "?"
            let flags = (entry.sparse ? "s" : "-") + (entry.compressed ? "c" : "-")
            let size = String(entry.size)
            Console.out("\(kind)\(flags) \(String(repeating: " ", count: max(0, 14 - size.count)))\(size)  \(entry.path)")
        }
    }
}
