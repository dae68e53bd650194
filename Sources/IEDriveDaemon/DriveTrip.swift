public import IEDriveCopy
public import IEDriveCore
public import Logging

/// One drive's trip through the daemon, written once and in order, top to bottom:
///
/// 1. **intake** — the supervisor saw the drive attached and its job ready; the job records
///    the drive as probing (`Received` → D3), or the trip resumes an interrupted copy;
/// 2. **key** — the job's recovery password for this drive (none for a plain test drive);
/// 3. **session** — probe, reader process, BitLocker unlock, mount (``DriveSessions``), closed
///    on every way out;
/// 4. **manifest** — found, validated whole, its DriveId checked (``ManifestStage``);
/// 5. **copy** — every blob verified into the target, resumable (``DriveImporter``), progress
///    recorded as it goes;
/// 6. **logs** — the drive logs published into the job's diagnostics container;
/// 7. **state** — the drive's end recorded in its job: copied, or failed with its state.
///
/// A failure of the drive becomes its failure state; a host problem (the device gone before it
/// was opened) leaves the drive `Received` for the next attachment; a stop (shutdown) leaves
/// the copy to be resumed from its journal.
public struct DriveTrip: Sendable {
    public let registry: JobRegistry
    public let sessions: any DriveSessions
    /// Each job's target: its storage account's (``AccountTargets``), or one for all.
    public let targets: any JobTargets
    /// A journal for one drive's copy (each copy keeps its own position in it).
    public let journal: @Sendable () -> any CopyJournal
    public let copyOptions: CopyOptions
    public let allowUnencrypted: Bool
    public let logger: Logger

    public init(registry: JobRegistry, sessions: any DriveSessions, targets: any JobTargets,
                journal: @escaping @Sendable () -> any CopyJournal, copyOptions: CopyOptions,
                allowUnencrypted: Bool = false, logger: Logger) {
        self.registry = registry
        self.sessions = sessions
        self.targets = targets
        self.journal = journal
        self.copyOptions = copyOptions
        self.allowUnencrypted = allowUnencrypted
        self.logger = logger
    }

    /// Runs the drive to its end (or to a stop).
    public func run(job key: JobKey, medium: AttachedMedium, stop: StopSignal) async {
        var log = logger
        log[metadataKey: "job"] = "\(key.name)"
        log[metadataKey: "scope"] = "\(key.scope)"
        log[metadataKey: "drive"] = "\(medium.driveId)"
        log[metadataKey: "device"] = "\(medium.devicePath)"
        let driveId = medium.driveId

        // 1. Intake.
        guard let (job, drive, resuming) = await begin(key, driveId, log: log) else { return }
        log.info("\(resuming ? "resuming" : "processing") drive")
        let logs = DiagnosticsLogs(job: job, driveId: driveId, at: registry.clock.now())
        let target: any StorageTarget
        do {
            target = try targets.target(for: job)
        } catch {
            let end = DriveEnd(registry: registry, target: targets.root, job: key, driveId: driveId, logs: logs, log: log)
            return await end.failed(DriveFailure(.storageAccountNotAccessible, status: .diskOperationFailed,
                                                 "the job's storage account cannot be opened: \(error)"))
        }
        let end = DriveEnd(registry: registry, target: target, job: key, driveId: driveId, logs: logs, log: log)

        // 2. Key.
        let password: RecoveryPassword?
        do {
            password = try drive.bitLockerKey.flatMap { $0.isEmpty ? nil : try RecoveryPassword($0.revealed) }
        } catch {
            return await end.failed(DriveFailure(.bitLockerKeyInvalid, status: .bitLockerKeyInvalid,
                                                 "the job's recovery key for this drive is malformed (\(error))"))
        }

        // 3. Session, with 4. manifest and 5. copy inside it.
        let progress = ProgressRecorder(registry: registry, job: key, driveId: driveId, resuming: resuming)
        let request = DriveSessionRequest(devicePath: medium.devicePath, recoveryPassword: password,
                                          allowUnencrypted: allowUnencrypted, mappedReads: true)
        let outcome: Result<(value: CopySummary, reader: ReaderUsage), any Error>
        do {
            outcome = .success(try await sessions.withOpenedDrive(request, stop: stop) { opened in
                try await copy(opened.volume, into: target, drive: drive, stop: stop, progress: progress, logs: end.logs)
            })
        } catch {
            outcome = .failure(error)
        }

        // 6. Logs and 7. state.
        if stop.isStopping {
            log.notice("stopped with the daemon; the copy resumes from its journal next time")
            return
        }
        switch outcome {
        case .success(let (summary, reader)):
            await end.copied(summary, progress: progress)
            log.info("reader used \(reader.peakResidentBytes / 1_048_576) MiB, \(String(format: "%.1f", reader.cpuSeconds)) s CPU")
        case .failure(DriveOpeningError.host(let message, _)):
            log.error("cannot open the device; the drive stays Received: \(message)")
        case .failure(DriveOpeningError.drive(let failure)):
            await end.failed(failure)
        case .failure(let failure as DriveFailure):
            await end.failed(failure, bytes: await progress.bytes)
        case .failure(let error):
            // Journal or target trouble: the target's fault, not the drive's ("Storage
            // account not accessible" stops the copy with what was copied kept).
            await end.failed(DriveFailure(.storageAccountNotAccessible, status: .diskOperationFailed, "\(error)"),
                             bytes: await progress.bytes)
        }
    }

    /// The job and drive record, moved to probing unless a copy is being resumed; nil when
    /// the drive is not (or no longer) the job's.
    private func begin(_ key: JobKey, _ driveId: String, log: Logger) async -> (Job, Drive, resuming: Bool)? {
        do {
            let current = try await registry.job(key)
            guard let index = current.driveIndex(driveId) else { return nil }
            let resuming = current.drives[index].state == .transferring
            let job = resuming ? current : try await registry.perform(key) { lifecycle, job, now in
                try lifecycle.beginProbe(job, driveId: driveId, at: now)
            }
            guard let drive = job.drives.first(where: { $0.driveId == driveId }) else { return nil }
            return (job, drive, resuming)
        } catch {
            log.warning("drive not processed: \(error)")
            return nil
        }
    }

    /// The manifest and the copy, on the opened volume; progress into the job, finished blobs
    /// into the drive logs.
    private func copy(_ volume: any VolumeReader, into target: any StorageTarget, drive: Drive, stop: StopSignal,
                      progress: ProgressRecorder,
                      logs: DiagnosticsLogs) async throws -> CopySummary {
        let importer = DriveImporter(
            volume: volume, target: target, journal: journal(),
            options: ImportOptions(manifestFile: drive.manifestFile, manifestHash: drive.manifestHash.flatMap(ManifestHash.init),
                                   driveID: drive.driveId, copy: copyOptions.stopping(when: stop)))
        let (events, sink) = AsyncStream<CopyEvent>.makeStream()
        async let recorded: Void = {
            for await event in events {
                switch event {
                case .progress(let value): await progress.record(value)
                case .blob(let blob): logs.write(blob)
                }
            }
        }()
        let result: Result<CopySummary, any Error>
        do {
            result = .success(try await importer.run { sink.yield($0) })
        } catch {
            result = .failure(error)
        }
        sink.finish()
        await recorded          // every blob reported before an end is in the logs
        return try result.get()
    }
}

extension CopySummary {
    /// What the service reports as `bytesSucceeded`: this run's bytes and an earlier run's.
    var bytesSucceededInAll: UInt64 { bytesCopied + bytesResumed }
}

extension CopyOptions {
    /// These options, the copy stopping at its next piece once `signal` is stopped.
    func stopping(when signal: StopSignal) -> CopyOptions {
        var options = self
        options.stopRequested = { signal.isStopping }
        return options
    }
}
