import ArgumentParser
import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveDaemon
import IEDriveStore
import IEDriveSystem

/// `iedrive import DEVICE --target PATH|URL`: copy a drive's blobs into a storage target.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Copy a drive's blobs into a storage target, verified and resumable.",
        discussion: """
            Opens the drive like verify (reader process, BitLocker unlock, read-only), \
            validates the manifest whole, then copies every blob: each block or page range is \
            checked against its MD5 as it passes and written at its offset into a staging file; \
            finished blobs appear in the target only when complete and durable (group commit). \
            Dispositions: rename (the default; "name (2).ext"), no-overwrite, overwrite, from the \
            manifest or --disposition for all.

            Resume: a journal (SQLite) records every piece once it is verified and durable. Run \
            the same command again after a crash or kill: recorded pieces are not read again and \
            finished blobs are skipped. A group commit (one sync, one journal transaction, the \
            finished blobs published) happens every --commit-bytes or --commit-seconds, whichever \
            comes first, also in the middle of a large file: a crash loses at most that much.

            Progress: a bar with rate and ETA on a terminal; otherwise (or with --json) JSON \
            lines on standard output: {"event":"progress",...}, {"event":"blob",...} for each \
            blob that is not Completed, and a final {"event":"summary",...}.

            Exit status:
              0  every blob copied (Completed, or CompletedWithWarnings after renames/skips)
              5  copied, but some blobs failed (CompletedWithErrors: bad MD5, missing file, ...)
              4  the drive failed or the copy stopped: the message names the failure state \
            (BitLocker key invalid, Disk corrupted, Hardware error, Manifest file error, Storage \
            account not accessible, ...); what was copied is kept for a resume
              1  cannot start (device, target address, journal)
              2  usage error
            """
    )

    @Argument(help: ArgumentHelp("Block device or drive image.", valueName: "device"))
    var device: String

    @OptionGroup var key: RecoveryKeyOptions

    @Option(help: ArgumentHelp("The storage target: a directory path, a file:// URL, or s3://BUCKET[/PREFIX] (endpoint and "
                               + "keys from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).",
                               valueName: "path|url"))
    var target: String

    @Option(help: ArgumentHelp("The manifest's path on the drive (default \\\\DriveManifest.xml).", valueName: "path"))
    var manifest: String?

    @Option(help: ArgumentHelp("The job's manifestHash to check the manifest against.", valueName: "hash"))
    var manifestHash: String?

    @Option(help: ArgumentHelp("The drive's id (default: the manifest's DriveId).", valueName: "id"))
    var driveId: String?

    @Option(help: ArgumentHelp("The copy journal (SQLite) for resume (default: the state database, \(StatePaths.defaultDatabase)).",
                               valueName: "file"))
    var journal: String?

    @Option(help: ArgumentHelp("Use this ImportDisposition for every blob: rename, no-overwrite or overwrite.", valueName: "d"))
    var disposition: String?

    @Option(help: ArgumentHelp("Pieces (up to 4 MiB each) held between reading and writing (default 6; 2 into an " +
                               "s3:// target, whose part uploads run beside the reading).", valueName: "n"))
    var piecesInFlight: Int?

    @Option(help: ArgumentHelp("Group commit after this many bytes copied (default 256 MiB; smaller loses less to a " +
                               "crash, costs more syncs; tests use it to force frequent commits).", valueName: "bytes"))
    var commitBytes: UInt64 = 256 << 20

    @Option(help: ArgumentHelp("Group commit at least every this many seconds (default 5).", valueName: "seconds"))
    var commitSeconds: Double = 5

    @Option(help: ArgumentHelp("Write the drive logs (DriveLog XML) into this directory.", valueName: "dir"))
    var logDir: String?

    @Flag(help: "Also write the verbose log (every blob and piece) into --log-dir.")
    var verboseLog = false

    @Flag(help: ArgumentHelp("Forget what the journal holds of this drive's copy to this target and start over " +
                             "(needed after the manifest changed; blobs already published stay, and the " +
                             "disposition decides about them)."))
    var restart = false

    @Flag(help: ArgumentHelp("Read every byte through the reader process, also on a plain (not BitLocker) volume " +
                             "(default: the reader maps each file and iedrive reads its bytes from the drive " +
                             "itself, read-only; for comparison and diagnosis)."))
    var readThroughReader = false

    @Flag(help: "JSON lines on standard output instead of the progress bar.")
    var json = false

    @OptionGroup var reader: ReaderOptions

    func validate() throws {
        if let disposition, ImportDisposition(rawValue: disposition) == nil {
            throw ValidationError("--disposition must be rename, no-overwrite or overwrite.")
        }
        if verboseLog && logDir == nil { throw ValidationError("--verbose-log needs --log-dir.") }
        if let piecesInFlight, piecesInFlight < 1 || piecesInFlight > 64 { throw ValidationError("--pieces-in-flight must be 1…64.") }
        if commitBytes < 1 { throw ValidationError("--commit-bytes must be at least 1.") }
        if !(commitSeconds > 0) || commitSeconds > 3600 { throw ValidationError("--commit-seconds must be more than 0 and at most 3600.") }
        if let manifestHash, ManifestHash(manifestHash) == nil {
            throw ValidationError("--manifest-hash must be 32 (MD5) or 64 (SHA-256) hex digits.")
        }
    }

    func run() async throws {
        let password: RecoveryPassword?
        do {
            password = try key.password()
        } catch let malformed as MalformedRecoveryKey {
            try fail(malformed.failure)
        }
        let storage: any StorageTarget
        do {
            storage = try StorageTargets.open(target)
        } catch {
            throw CommandFailure("the target \(target): \(error)", state: .storageAccountNotAccessible)
        }
        let journalPath = journal ?? StatePaths.defaultDatabase
        let database: StateDatabase
        do {
            try makeDirectories(StatePaths.directory(of: journalPath))
            database = try StateDatabase(path: journalPath)
        } catch let failure as CommandFailure {
            throw CommandFailure(failure.message, state: .journalUnavailable)
        } catch {
            throw CommandFailure("cannot open the journal \(journalPath): \(error)", state: .journalUnavailable)
        }
        let started = ContinuousClock.now
        let options = ImportOptions(
            manifestFile: manifest, manifestHash: manifestHash.flatMap(ManifestHash.init), driveID: driveId,
            copy: CopyOptions(piecesInFlight: StorageTargets.piecesInFlight(piecesInFlight, for: target), commitBytes: StorageTargets.commitBytes(commitBytes, for: target),
                              commitSeconds: commitSeconds,
                              dispositionOverride: disposition.flatMap(ImportDisposition.init), logPieces: verboseLog),
            restart: restart)
        let display = ImportDisplay(json: json || !Console.stderrIsTerminal)
        let request = DriveSessionRequest(devicePath: device, recoveryPassword: password,
                                          allowUnencrypted: key.allowUnencrypted, mappedReads: !readThroughReader)
        let outcome: (value: (summary: CopySummary, logs: [String]), reader: ReaderUsage)
        do {
            outcome = try await ReaderSessions(reader: reader.configuration).withOpenedDrive(request) { drive in
                let logs = try DriveLogs(directory: logDir, verbose: verboseLog,
                                         fallbackID: driveId ?? drive.report.device?.serial ?? "drive", jobName: "import")
                let importer = DriveImporter(volume: drive.volume, target: storage,
                                             journal: SQLiteCopyJournal(database: database), options: options)
                do {
                    let summary = try await importer.run(identified: { logs.identify($0) }) { event in
                        switch event {
                        case .progress(let progress): display.progress(progress)
                        case .blob(let blob):
                            logs.write(blob)
                            display.blob(blob)
                        }
                    }
                    try logs.finish(status: summary.driveStatus)
                    return (summary, logs.paths)
                } catch let failure as DriveFailure {
                    display.end()
                    try logs.finish(status: failure.status)
                    throw failure
                }
            }
        } catch DriveOpeningError.drive(let failure) {
            try fail(failure)
        } catch DriveOpeningError.host(let message, let part) {
            throw CommandFailure(message, state: part == .device ? .deviceUnavailable : .readerUnavailable)
        } catch let failure as DriveFailure {
            try fail(failure)
        } catch let error as CopyJournalError {
            throw CommandFailure(error.description, state: .journalUnavailable)
        }
        let summary = outcome.value.summary
        display.end()
        display.summary(summary, seconds: VerifyCommand.seconds(since: started), target: storage.displayName,
                        resources: VerifyResources(reader: outcome.reader), logs: outcome.value.logs)
        if summary.driveStatus == .completedWithErrors { throw ExitCode(ExitStatus.blobErrors) }
    }

    private func fail(_ failure: DriveFailure) throws -> Never {
        if json || !Console.stderrIsTerminal {
            Console.out(JSONValue.object([
                ("event", .string("failure")),
                ("state", .string(failure.state.label)),
                ("token", .string(failure.state.rawValue)),
                ("driveStatus", .string(failure.status.rawValue)),
                ("reason", .string(failure.reason)),
            ]).serialized())
        }
        Console.error("iedrive import: \(failure.state.label): \(failure.reason)")
        throw ExitCode(ExitStatus.driveFailed)
    }
}

/// Where state lives by default: the daemon's state database (``DaemonConfiguration/defaultDatabasePath(environment:isRoot:)``),
/// so a drive imported by hand and by the daemon share one journal.
enum StatePaths {
    static var defaultDatabase: String {
        DaemonConfiguration.defaultDatabasePath(environment: ProcessInfo.processInfo.environment, isRoot: SystemCall.geteuid() == 0)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
