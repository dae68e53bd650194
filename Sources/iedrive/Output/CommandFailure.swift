import IEDriveCore

/// A command's failure that is not a drive's: what failed and how to fix it (`message`), the
/// exit status the command documents, and the failure state `--json` names. Thrown by any
/// command; `EntryPoint` prints it (and, with `--json`, ``json(command:)`` on stdout) and exits.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: Int32
    let state: CommandFailureState

    init(_ message: String, status: Int32 = ExitStatus.failure, state: CommandFailureState? = nil) {
        self.message = message
        self.status = status
        self.state = state ?? CommandFailureState.default(for: status)
    }

    var description: String { message }

    /// The one JSON shape of a failure that is not a drive's, for every command.
    func json(command: String) -> JSONValue {
        .object([
            ("event", .string("failure")),
            ("ok", .bool(false)),
            ("command", .string(command)),
            ("exitStatus", .int(Int64(status))),
            ("failure", .object([("state", .string(state.label)), ("token", .string(state.token)), ("reason", .string(message))])),
        ])
    }
}

/// The failure states of commands beyond the drive's own (`DriveFailureState`): each with a
/// stable token for scripts and a label for people. README lists them.
struct CommandFailureState: Sendable, Hashable {
    let token: String
    let label: String

    static let usage = Self(token: "UsageError", label: "Usage error")
    static let deviceUnavailable = Self(token: "DeviceUnavailable", label: "Device not available")
    static let readerUnavailable = Self(token: "ReaderUnavailable", label: "Reader not available")
    static let storageAccountNotAccessible = Self(token: DriveFailureState.storageAccountNotAccessible.rawValue,
                                                  label: DriveFailureState.storageAccountNotAccessible.label)
    static let journalUnavailable = Self(token: "JournalUnavailable", label: "Journal not available")
    static let recoveryKeyUnreadable = Self(token: "RecoveryKeyUnreadable", label: "Recovery key not readable")
    static let logsUnavailable = Self(token: "LogsUnavailable", label: "Drive logs cannot be written")
    static let notFound = Self(token: "NotFound", label: "Not found")
    static let invalidInput = Self(token: "InvalidInput", label: "Invalid input")
    static let daemonUnreachable = Self(token: "DaemonUnreachable", label: "Daemon not reachable")
    static let daemonRefused = Self(token: "DaemonRefused", label: "Daemon refused")
    static let cannotStart = Self(token: "CannotStart", label: "Cannot start")
    static let internalError = Self(token: "InternalError", label: "Internal error")

    static func `default`(for status: Int32) -> Self {
        switch status {
        case ExitStatus.usage: .usage
        case ExitStatus.notFound: .notFound
        case ExitStatus.invalidInput: .invalidInput
        default: .cannotStart
        }
    }
}
