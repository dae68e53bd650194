import Foundation
public import IEDriveCopy
public import IEDriveCore
import IEDriveManifest
public import IEDriveStore
public import IEDriveVolumes
public import Logging

/// One drive's processing, written once and in order: received → probe → unlock → manifest →
/// copy → logs → done, each step recorded in the job through the registry. Failures of the
/// drive become its failure state; a host problem (device gone before it was opened) leaves the
/// drive `Received` for the next attachment; a stop (shutdown) leaves a copy to be resumed from
/// its journal.
public struct DrivePipeline: Sendable {
    public let registry: JobRegistry
    public let target: any StorageTarget
    public let database: StateDatabase
    public let readerConfiguration: ReaderConfiguration
    public let copyOptions: CopyOptions
    public let allowUnencrypted: Bool
    public let logger: Logger

    public init(registry: JobRegistry, target: any StorageTarget, database: StateDatabase,
                readerConfiguration: ReaderConfiguration, copyOptions: CopyOptions, allowUnencrypted: Bool = false,
                logger: Logger) {
        self.allowUnencrypted = allowUnencrypted
        self.registry = registry
        self.target = target
        self.database = database
        self.readerConfiguration = readerConfiguration
        self.copyOptions = copyOptions
        self.logger = logger
    }

    /// Runs the drive to its end. `started` receives the reader so the supervisor can stop it.
    public func run(jobName: String, medium: AttachedMedium, stop: StopSignal) async {
        var log = logger
        log[metadataKey: "job"] = "\(jobName)"
        log[metadataKey: "drive"] = "\(medium.driveId)"
        log[metadataKey: "device"] = "\(medium.devicePath)"
        let driveId = medium.driveId
        let job: Job
        let resuming: Bool
        do {
            let current = try await registry.job(named: jobName)
            guard let index = current.driveIndex(driveId) else { return }
            resuming = current.drives[index].state == .transferring
            job = resuming ? current : try await registry.perform(jobName) { lifecycle, job, now in
                try lifecycle.beginProbe(job, driveId: driveId, at: now)
            }
        } catch {
            log.warning("drive not processed: \(error)")
            return
        }
        guard let drive = job.drives.first(where: { $0.driveId == driveId }) else { return }
        log.info("\(resuming ? "resuming" : "processing") drive")
        let logs = DiagnosticsLogs(job: job, driveId: driveId, at: registry.clock.now())

        // Key.
        let password: RecoveryPassword?
        if let key = drive.bitLockerKey, !key.isEmpty {
            do {
                password = try RecoveryPassword(key.revealed)
            } catch {
                await fail(jobName, driveId, DriveFailure(.bitLockerKeyInvalid, status: .bitLockerKeyInvalid,
                                                         "the job's recovery key for this drive is malformed (\(error))"),
                           logs: logs, log: log)
                return
            }
        } else {
            password = nil
        }

        // Probe, unlock, mount.
        let opened: OpenedDrive
        do {
            opened = try await DriveOpener.open(DriveOpeningRequest(
                devicePath: medium.devicePath, recoveryPassword: password, allowUnencrypted: allowUnencrypted,
                reader: readerConfiguration))
        } catch {
            switch error {
            case .drive(let failure): await fail(jobName, driveId, failure, logs: logs, log: log)
            case .host(let message): log.error("cannot open the device; the drive stays Received: \(message)")
            }
            return
        }
        stop.attach(opened.reader)
        defer { stop.detach() }

        // Manifest and copy.
        let progress = ProgressRecorder(registry: registry, jobName: jobName, driveId: driveId, resuming: resuming)
        let importer = DriveImporter(
            reader: opened.reader, target: target, journal: SQLiteCopyJournal(database: database),
            options: ImportOptions(manifestFile: drive.manifestFile, manifestHash: drive.manifestHash.flatMap(ManifestHash.init),
                                   driveID: driveId, copy: copyOptions.stopping(when: stop)))
        let (events, sink) = AsyncStream<CopyEvent>.makeStream()
        let consumer = Task {
            for await event in events {
                switch event {
                case .progress(let value): await progress.record(value)
                case .blob(let blob): logs.write(blob)
                }
            }
        }
        let outcome: Result<CopySummary, any Error>
        do {
            outcome = .success(try await importer.run { sink.yield($0) })
        } catch {
            outcome = .failure(error)
        }
        sink.finish()
        await consumer.value
        let exit = await opened.reader.close()

        if stop.isStopping {
            log.notice("stopped with the daemon; the copy resumes from its journal next time")
            return
        }
        switch outcome {
        case .success(let summary):
            await finish(jobName, driveId, summary: summary, progress: progress, logs: logs, log: log)
            log.info("reader used \(exit.peakResidentBytes / 1_048_576) MiB, \(String(format: "%.1f", exit.cpuSeconds)) s CPU")
        case .failure(let failure as DriveFailure):
            await fail(jobName, driveId, failure, logs: logs, bytes: await progress.bytes, log: log)
        case .failure(let error):
            // Journal or target trouble: the target's fault, not the drive's (issue: "Storage
            // account not accessible" stops the copy with what was copied kept).
            let failure = DriveFailure(.storageAccountNotAccessible, status: .diskOperationFailed, "\(error)")
            await fail(jobName, driveId, failure, logs: logs, bytes: await progress.bytes, log: log)
        }
    }

    private func finish(_ jobName: String, _ driveId: String, summary: CopySummary, progress: ProgressRecorder,
                        logs: DiagnosticsLogs, log: Logger) async {
        await progress.ensureStarted(total: Int64(clamping: summary.totalBytes))
        let links = publishLogs(logs, status: summary.driveStatus, log: log)
        guard let result = CopyResult(driveLogStatus: summary.driveStatus) else {
            log.error("the copy ended with status \(summary.driveStatus.rawValue), which is no copy result")
            return
        }
        do {
            try await registry.perform(jobName) { lifecycle, job, now in
                try lifecycle.finishCopy(job, driveId: driveId, result: result,
                                         bytesSucceeded: Int64(clamping: summary.bytesSucceededInAll), logs: links, at: now)
            }
            log.info("copy finished: \(summary.driveStatus.rawValue), \(summary.bytesSucceededInAll) bytes")
        } catch {
            log.error("cannot record the end of the copy: \(error)")
        }
    }

    private func fail(_ jobName: String, _ driveId: String, _ failure: DriveFailure, logs: DiagnosticsLogs,
                      bytes: Int64? = nil, log: Logger) async {
        log.warning("drive failed: \(failure.state.label): \(failure.reason)")
        let links = publishLogs(logs, status: failure.status, log: log)
        do {
            try await registry.perform(jobName) { lifecycle, job, now in
                try lifecycle.failDrive(job, driveId: driveId, failure, logs: links, bytesSucceeded: bytes, at: now)
            }
        } catch {
            log.error("cannot record the drive's failure: \(error)")
        }
    }

    private func publishLogs(_ logs: DiagnosticsLogs, status: DriveStatus, log: Logger) -> DriveLogLinks {
        do {
            return try logs.publish(status: status, to: target)
        } catch {
            log.error("cannot publish the drive logs: \(error)")
            return .none
        }
    }
}

extension CopySummary {
    /// What the service reports as `bytesSucceeded`: this run's bytes and an earlier run's.
    var bytesSucceededInAll: UInt64 { bytesCopied + bytesResumed }
}
