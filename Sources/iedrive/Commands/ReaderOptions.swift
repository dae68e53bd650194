import ArgumentParser
import IEDriveVolumes

/// How the drive's reader process runs (shared by the commands that read a volume).
struct ReaderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("User the reader process runs as when iedrive runs as root (default: iedrive-reader if it exists, else nobody).",
                               valueName: "user"))
    var readerUser: String?

    @Option(help: ArgumentHelp("Seconds the drive may stay silent before it counts as a hardware error.", valueName: "seconds"))
    var readerTimeout: Int = 60

    @Flag(help: "Print the reader process's diagnostics on standard error.")
    var debugReader = false

    func validate() throws {
        if readerTimeout < 1 { throw ValidationError("--reader-timeout must be at least 1 second.") }
    }

    /// How the reader runs; whether this process also keeps the drive for mapped reads is each
    /// session's to say (`DriveSessionRequest.mappedReads`).
    var configuration: ReaderConfiguration {
        let debug = debugReader
        return ReaderConfiguration(executable: ReaderConfiguration.defaultExecutable(), user: readerUser,
                                   timeout: .seconds(readerTimeout), log: { line in if debug { Console.error(line) } })
    }
}
