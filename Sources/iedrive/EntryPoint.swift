import ArgumentParser
import IEDriveSystem

/// Runs the `iedrive` root command with the exit codes every subcommand documents:
/// 0 success, 1 operation failed, 2 usage error, other codes per command (ArgumentParser
/// would use 64 for usage errors; operators' scripts expect 2, like coreutils).
///
/// One error contract: whatever a command throws ends here in its documented exit status, a
/// message on stderr a person can act on, and — with `--json` — a JSON object on stdout naming
/// the failure state (``CommandFailure/json(command:)``). A drive failure was already reported
/// by its command (which then throws `ExitCode`); nothing reaches the argument parser's
/// generic error but the parser's own (usage, help).
@main
enum EntryPoint {
    static func main() async {
        // One malloc arena: data moves between threads in 1–4 MiB buffers, and glibc's
        // per-thread arenas otherwise each keep their own freed buffers, which measured
        // 129 MiB peak for a 2 GiB verify instead of 46 MiB (scripts/bench-verify).
        SystemCall.useSingleMallocArena()
        if let probe = ProbeInvocation.fastPath(CommandLine.arguments.dropFirst()) {
            SystemCall.exit(probe.run())
        }
        do {
            var command = try IEDrive.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            report(failure)
        } catch {
            guard Self.isArgumentParsers(error) else {
                // Nothing a command throws should get here unnamed; if it does, it still
                // follows the contract.
                report(CommandFailure("\(error)", state: .internalError))
            }
            if IEDrive.exitCode(for: error) == .validationFailure {
                let message = IEDrive.fullMessage(for: error)
                Console.error(message)
                if wantsJSON { Console.out(CommandFailure(message, status: ExitStatus.usage).json(command: command).serialized()) }
                SystemCall.exit(ExitStatus.usage)
            }
            IEDrive.exit(withError: error)
        }
    }

    private static var arguments: ArraySlice<String> { CommandLine.arguments.dropFirst() }
    private static var wantsJSON: Bool { arguments.contains("--json") }
    /// The subcommand as typed (`import`, `jobs show`), for messages.
    private static var command: String {
        let words = arguments.prefix { !$0.hasPrefix("-") }.prefix(2)
        return words.count == 2 && ["jobs", "sim"].contains(words.first) ? words.joined(separator: " ") : (words.first ?? "iedrive")
    }

    private static func report(_ failure: CommandFailure) -> Never {
        Console.error("iedrive \(command): \(failure.message)")
        if wantsJSON { Console.out(failure.json(command: command).serialized()) }
        SystemCall.exit(failure.status)
    }

    /// Errors of the argument parser itself (usage, help, version) and the `ExitCode`s commands
    /// throw after reporting: the parser prints and exits for those.
    private static func isArgumentParsers(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}

/// Exit statuses shared by all commands, each value with one meaning.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    /// `probe`: probed, but the drive is not acceptable for an import job.
    static let notAcceptable: Int32 = 3
    /// `verify`, `import`, `ls`: the drive failed (a failure state: wrong key, no NTFS, corrupt,
    /// hardware error, manifest error); the message names the state.
    static let driveFailed: Int32 = 4
    /// `verify`, `import`: done, but some blobs have problems (CompletedWithErrors).
    static let blobErrors: Int32 = 5
    /// `validate-bloblist`: the blob list is invalid.
    static let invalidInput: Int32 = 6
    /// `ls`: the path is not on the volume; client commands: the job (or drive) does not exist.
    static let notFound: Int32 = 7
}
