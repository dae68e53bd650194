import ArgumentParser
import IEDriveCore
import IEDriveSystem

/// Where a command gets the drive's recovery password: the option, a file, or standard
/// input (`--recovery-key -`). The key is never echoed, logged or put in an error message.
struct RecoveryKeyOptions: ParsableArguments {
    @Option(name: .customLong("recovery-key"),
            help: ArgumentHelp("The BitLocker recovery password (48 digits, 8 groups of 6); '-' reads it from standard input. " +
                               "Visible to other users in the process list: prefer --recovery-key-file or '-'.",
                               valueName: "key"))
    var recoveryKey: String?

    @Option(name: .customLong("recovery-key-file"),
            help: ArgumentHelp("Read the recovery password from this file (first line).", valueName: "file"))
    var recoveryKeyFile: String?

    @Flag(help: "Accept a plain (unencrypted) NTFS volume instead of BitLocker.")
    var allowUnencrypted = false

    func validate() throws {
        if recoveryKey != nil && recoveryKeyFile != nil {
            throw ValidationError("Give the recovery password once: --recovery-key or --recovery-key-file, not both.")
        }
    }

    /// The recovery password, or nil when none was given. Malformed → ``MalformedRecoveryKey``
    /// (the drive fails with `BitLocker key invalid`), whose reason names the faulty group,
    /// never the digits.
    func password() throws -> RecoveryPassword? {
        let text: String
        if let file = recoveryKeyFile {
            do {
                text = try Self.readFile(file)
            } catch {
                throw CommandFailure("cannot read the recovery password file \(file): \(error.errno)", state: .recoveryKeyUnreadable)
            }
        } else if recoveryKey == "-" {
            text = Self.readStandardInput()
        } else if let recoveryKey {
            text = recoveryKey
        } else {
            return nil
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        do {
            return try RecoveryPassword(line)
        } catch {
            throw MalformedRecoveryKey(reason: "\(error)")
        }
    }

    /// The first 4 KiB of the file (a recovery password is one short line).
    private static func readFile(_ path: String) throws(SystemCallError) -> String {
        let fd = try SystemCall.open(path, .readOnly)
        defer { SystemCall.close(fd) }
        return String(decoding: try SystemCall.readToEnd(fd, limit: 4096, subject: path).prefix(4096), as: UTF8.self)
    }

    private static func readStandardInput() -> String {
        let bytes = (try? SystemCall.readToEnd(SystemCall.standardInput, limit: 4096, subject: "stdin")) ?? []
        return String(decoding: bytes.prefix(4096), as: UTF8.self)
    }
}

/// The recovery password given is not a well-formed one: the drive fails with `BitLocker key
/// invalid`, reported like any other drive failure (exit 4; with `--json`, the failure
/// object). `reason` names the faulty group, never the digits.
struct MalformedRecoveryKey: Error {
    let reason: String

    var failure: DriveFailure { DriveFailure(.bitLockerKeyInvalid, status: .bitLockerKeyInvalid, reason) }
}
