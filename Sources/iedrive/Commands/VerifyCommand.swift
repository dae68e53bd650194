import ArgumentParser
import IEDriveCopy
import IEDriveCore
import IEDriveDaemon
import IEDriveManifest

/// `iedrive verify DEVICE`: unlock, validate the manifest, check every blob's file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a drive against its manifest, read-only, as the datacenter would before copying.",
        discussion: """
            Probes the drive, starts its reader process (unprivileged, one per drive), unlocks \
            the BitLocker volume with the recovery password (or opens plain NTFS with \
            --allow-unencrypted), finds the drive manifest (--manifest, default \
            \\DriveManifest.xml, else the single *.manifest file at the root), validates it \
            against every rule of the format, and checks each blob's file on the volume: that \
            it exists and is long enough, and with --full that every block and page range has \
            the MD5 the manifest states. Metadata and properties files are checked against \
            their hashes and parsed. Nothing is ever written to the drive.

            Results: a summary and the blobs with problems (--json: one object). With \
            --log-dir, the drive's error log (and with --verbose-log its verbose log) is \
            written there in DriveLog XML, named as the service names them.

            Exit status:
              0  the drive checked out: every blob Completed
              5  checked, but some blobs have problems (CompletedWithErrors); see the list
              4  the drive failed: the message names the failure state (BitLocker key \
            invalid, NTFS volume not found, Disk corrupted, Hardware error, Manifest file \
            error, ...) and why
              1  cannot start: the device cannot be opened, the reader program is missing
              2  usage error
            """
    )

    @Argument(help: ArgumentHelp("Block device or drive image.", valueName: "device"))
    var device: String

    @OptionGroup var key: RecoveryKeyOptions

    @Option(help: ArgumentHelp("The manifest's path on the drive, as a job's manifestFile (\\\\DriveManifest.xml).", valueName: "path"))
    var manifest: String?

    @Option(help: ArgumentHelp("The job's manifestHash (32 or 64 hex digits) to check the manifest against.", valueName: "hash"))
    var manifestHash: String?

    @Option(help: ArgumentHelp("The drive's id (serial) the manifest must name.", valueName: "id"))
    var driveId: String?

    @Flag(help: "Hash every block and page range (reads all the data).")
    var full = false

    @Option(help: ArgumentHelp("Write the drive logs (DriveLog XML) into this directory.", valueName: "dir"))
    var logDir: String?

    @Flag(help: "Also write the verbose log (every blob) into --log-dir.")
    var verboseLog = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var reader: ReaderOptions

    func validate() throws {
        if verboseLog && logDir == nil { throw ValidationError("--verbose-log needs --log-dir.") }
        if let manifestHash, ManifestHash(manifestHash) == nil {
            throw ValidationError("--manifest-hash must be 32 (MD5) or 64 (SHA-256) hex digits.")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let password: RecoveryPassword?
        do {
            password = try key.password()
        } catch let malformed as MalformedRecoveryKey {
            try report(malformed.failure, started: started)
        }
        let options = VerifyOptions(manifestFile: manifest, full: full, manifestHash: manifestHash.flatMap(ManifestHash.init),
                                    driveID: driveId)
        var problems: [BlobCheck] = []
        var problemCount = 0
        let request = DriveSessionRequest(devicePath: device, recoveryPassword: password,
                                          allowUnencrypted: key.allowUnencrypted, mappedReads: false)
        let outcome: (value: (drive: OpenedDrive, summary: VerifySummary, logs: [String]), reader: ReaderUsage)
        do {
            outcome = try await ReaderSessions(reader: reader.configuration).withOpenedDrive(request) { drive in
                let logs = try DriveLogs(directory: logDir, verbose: verboseLog,
                                         fallbackID: driveId ?? drive.report.device?.serial ?? "drive")
                do {
                    let summary = try await DriveVerifier(volume: drive.volume, options: options).run(identified: { logs.identify($0) }) { check in
                        logs.write(check.logged)
                        if check.status != .completed {
                            problemCount += 1
                            if problems.count < 1000 { problems.append(check) }
                            if !json { Console.out(Self.line(for: check)) }
                        }
                    }
                    try logs.finish(status: summary.driveStatus)
                    return (drive, summary, logs.paths)
                } catch let failure as DriveFailure {
                    try logs.finish(status: failure.status)
                    throw VerifyFailure(failure: failure, logs: logs.paths)
                }
            }
        } catch DriveOpeningError.drive(let failure) {
            try report(failure, started: started)
        } catch DriveOpeningError.host(let message, let part) {
            throw CommandFailure(message, state: part == .device ? .deviceUnavailable : .readerUnavailable)
        } catch let failure as VerifyFailure {
            try report(failure.failure, started: started, logs: failure.logs)
        }
        let (drive, summary, logs) = outcome.value
        let resources = VerifyResources(reader: outcome.reader)
        let seconds = Self.seconds(since: started)
        if json {
            Console.out(VerifyJSON.summary(device: device, volume: drive, summary: summary, problems: problems,
                                           problemCount: problemCount, seconds: seconds, logs: logs,
                                           resources: resources).serialized(pretty: true))
        } else {
            Console.out(VerifyText.summary(device: device, drive: drive, summary: summary, seconds: seconds, full: full,
                                           logs: logs, resources: resources))
        }
        if summary.driveStatus == .completedWithErrors { throw ExitCode(ExitStatus.blobErrors) }
    }

    /// A drive failure after the logs were written.
    private struct VerifyFailure: Error {
        var failure: DriveFailure
        var logs: [String]
    }

    private func report(_ failure: DriveFailure, started: ContinuousClock.Instant, logs: [String] = []) throws -> Never {
        if json {
            Console.out(VerifyJSON.failure(device: device, failure: failure, seconds: Self.seconds(since: started),
                                           logs: logs).serialized(pretty: true))
        }
        Console.error("iedrive verify: \(failure.state.label): \(failure.reason)")
        throw ExitCode(ExitStatus.driveFailed)
    }

    static func line(for check: BlobCheck) -> String {
        "\(check.status.rawValue)\t\(check.blob.filePathText)\t\(check.blob.blobPathText)" + (check.message.map { "\t\($0)" } ?? "")
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return elapsed.inSeconds
    }
}
