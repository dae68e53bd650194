import ArgumentParser
import IEDriveCore
#if canImport(Glibc)
import Glibc
#endif

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
            guard let contents = Self.readFile(file) else {
                throw CommandFailure("cannot read the recovery password file \(file): \(String(cString: strerror(errno)))")
            }
            text = contents
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

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd, limit: 4096)
    }

    private static func readStandardInput() -> String {
        readAll(STDIN_FILENO, limit: 4096) ?? ""
    }

    private static func readAll(_ fd: Int32, limit: Int) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while bytes.count < limit {
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The recovery password given is not a well-formed one: the drive fails with `BitLocker key
/// invalid`, reported like any other drive failure (exit 4; with `--json`, the failure
/// object). `reason` names the faulty group, never the digits.
struct MalformedRecoveryKey: Error {
    let reason: String

    var failure: DriveFailure { DriveFailure(.bitLockerKeyInvalid, status: .bitLockerKeyInvalid, reason) }
}

/// A command failed in a way the message explains; exits with `status`.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: Int32

    init(_ message: String, status: Int32 = ExitStatus.failure) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}
