import ArgumentParser
import IEDriveSystem

/// Runs the `iedrive` root command with the exit codes every subcommand documents:
/// 0 success, 1 operation failed, 2 usage error, other codes per command (ArgumentParser
/// would use 64 for usage errors; operators' scripts expect 2, like coreutils).
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
            Console.error("iedrive: \(failure.message)")
            SystemCall.exit(failure.status)
        } catch {
            if IEDrive.exitCode(for: error) == .validationFailure {
                Console.error(IEDrive.fullMessage(for: error))
                SystemCall.exit(ExitStatus.usage)
            }
            IEDrive.exit(withError: error)
        }
    }
}

/// Exit statuses shared by all commands, each value with one meaning.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    /// `probe`: probed, but the drive is not acceptable for an import job.
    static let notAcceptable: Int32 = 3
    /// `verify`, `ls`: the drive failed (a failure state: wrong key, no NTFS, corrupt,
    /// hardware error, manifest error); the message names the state.
    static let driveFailed: Int32 = 4
    /// `verify`: the drive was checked and some blobs have problems (CompletedWithErrors).
    static let blobErrors: Int32 = 5
    /// `validate-bloblist`: the blob list is invalid.
    static let invalidInput: Int32 = 6
    /// `ls`: the path is not on the volume; client commands: the job (or drive) does not exist.
    static let notFound: Int32 = 7
}
