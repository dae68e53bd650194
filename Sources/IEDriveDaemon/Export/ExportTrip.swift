public import IEDriveCore
public import Logging
import IEDriveCopy
public import IEDriveExport
import IEDriveManifest

/// One drive of an export job through the daemon, top to bottom:
///
/// 1. **intake** — the drive is `Received` (probe recorded), or `Transferring` after a restart:
///    then it is written again from the start (a half-written drive is erased, never resumed);
/// 2. **device** — opened read-write (a write-protected or too small drive fails; a device
///    gone leaves the drive waiting);
/// 3. **input** — the blobs this drive is offered (``ExportDriveInput``): the job's selection,
///    or what earlier drives left; a list that is invalid or cannot be read fails the drive;
/// 4. **write** — `Transferring` with the bytes to write; the per-drive writer process
///    (`iedrive-writer`, unprivileged, given the descriptor) makes BitLocker (XTS-AES-256, a
///    fresh recovery password) and NTFS, and ``DriveExporter`` writes blobs, side files and the
///    manifest, off the cooperative pool;
/// 5. **end** — the drive logs and, if not every blob fit, the incomplete blob list published
///    into the job's diagnostics container; the drive's end recorded with its key (keys appear
///    when a drive leaves `Transferring`).
///
/// A drive that fails writes or stops answering them (`Hardware error`), cannot hold any blob it
/// is offered, or is offered an unreadable list fails alone; a stop (shutdown) kills the writer
/// and leaves the drive `Transferring`, to be rewritten when the daemon comes back.
public struct ExportTrip: Sendable {
    public let registry: JobRegistry
    public let targets: any JobTargets
    /// Where the manifest is gathered while a drive is written (the writer process keeps its
    /// mkntfs scratch file in a directory of its own under /tmp).
    public let scratchDirectory: String
    /// The writer process's user (nil: iedrive-reader if it exists, else nobody).
    public let writerUser: String?
    public let writerExecutable: String
    /// The writer's watchdog per request (``WriterProcessClient/requestTimeout``).
    public let writerTimeout: Duration
    public let logger: Logger

    public init(registry: JobRegistry, targets: any JobTargets, scratchDirectory: String, writerUser: String? = nil,
                writerExecutable: String = WriterProcessClient.defaultExecutable(), writerTimeout: Duration = .seconds(300),
                logger: Logger) {
        self.registry = registry
        self.targets = targets
        self.scratchDirectory = scratchDirectory
        self.writerUser = writerUser
        self.writerExecutable = writerExecutable
        self.writerTimeout = writerTimeout
        self.logger = logger
    }

    /// How a trip ended, for the supervisor.
    public enum End: Sendable {
        /// Done (written, failed, not the job's, or stopped).
        case ended
        /// The host could not write the drive (the device gone, the writer missing): not started
        /// again until the drive is attached again.
        case waitForReattachment
    }

    @discardableResult
    public func run(job key: JobKey, medium: AttachedMedium, stop: StopSignal) async -> End {
        var log = logger
        log[metadataKey: "job"] = "\(key.name)"
        log[metadataKey: "scope"] = "\(key.scope)"
        log[metadataKey: "drive"] = "\(medium.driveId)"
        log[metadataKey: "device"] = "\(medium.devicePath)"
        let driveId = medium.driveId

        // 1. Intake.
        guard let (job, resuming) = await begin(key, driveId, log: log) else { return .ended }
        log.info(resuming ? "writing export drive again from the start (it was interrupted)" : "writing export drive")
        let logs = DiagnosticsLogs(job: job, driveId: driveId, at: registry.clock.now())
        let target: any StorageTarget
        do {
            target = try targets.target(for: job)
        } catch {
            let end = DriveEnd(registry: registry, target: targets.root, job: key, driveId: driveId, logs: logs, log: log)
            await end.failed(DriveFailure(.storageAccountNotAccessible, status: .diskOperationFailed,
                                          "the job's storage account cannot be opened: \(error)"))
            return .ended
        }
        let end = DriveEnd(registry: registry, target: target, job: key, driveId: driveId, logs: logs, log: log)

        // 2. The device, read-write: a write-protected or tiny drive fails; one gone waits.
        let device: ExportDevice
        switch ExportDevice.open(medium.devicePath) {
        case .success(let opened): device = opened
        case .failure(.drive(let failure)):
            await end.failed(failure)
            return .ended
        case .failure(.host(let message)):
            log.error("the drive waits for its next attachment: \(message)")
            return .waitForReattachment
        }
        defer { device.close() }

        // 3. Input, read from the account off the cooperative pool.
        let input = ExportDriveInput(job: job, driveId: driveId, target: target)
        let offered = await OwnThread.run("export input") { () -> Result<ExportDriveInput.Offer, DriveFailure> in
            Result { () throws(DriveFailure) in try input.offer(from: try input.source()) }
        }
        let offer: ExportDriveInput.Offer
        switch offered {
        case .success(let found): offer = found
        case .failure(let failure):
            await end.failed(failure)
            return .ended
        }

        // 4. Write: Transferring with the bytes offered (counted anew when written again).
        let total = Int64(clamping: offer.totals.bytes)
        do {
            try await registry.perform(key) { lifecycle, job, now in
                resuming ? try lifecycle.restartCopy(job, driveId: driveId, bytesToCopy: total, at: now)
                         : try lifecycle.startCopy(job, driveId: driveId, bytesToCopy: total, at: now)
            }
        } catch {
            log.warning("the drive is not written: \(error)")
            return .ended
        }
        let progress = ProgressRecorder(registry: registry, job: key, driveId: driveId, resuming: true)
        let password = RecoveryPassword.random()
        let request = ExportWriteRequest(
            device: device, driveId: driveId, offer: offer, source: target, password: password,
            description: "Azure Import/Export job \(job.name) drive \(driveId)", scratchDirectory: scratchDirectory,
            writerUser: writerUser, writerExecutable: writerExecutable, writerTimeout: writerTimeout)
        let (events, sink) = AsyncStream<ExportProgress>.makeStream(bufferingPolicy: .bufferingNewest(1))
        async let recorded: Void = {
            let started = ContinuousClock.now
            for await report in events {
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                let rate = seconds > 0 ? Double(report.bytesWritten) / seconds : 0
                // Never past the bytes offered (blobs the account gained since are not counted).
                await progress.record(CopyProgress(
                    bytesSucceeded: min(report.bytesWritten, UInt64(total)), totalBytes: UInt64(total), blobsDone: report.blobsDone,
                    blobCount: report.blobs, rate: rate,
                    secondsLeft: rate > 0 ? Double(report.totalBytes - min(report.totalBytes, report.bytesWritten)) / rate : nil))
            }
        }()
        let outcome = await request.run(stop: stop, progress: { sink.yield($0) }, blobDone: { blob in
            if let entry = ExportLogEntry.blob(blob) { logs.write(entry) }
        })
        sink.finish()
        await recorded

        // 5. End.
        if stop.isStopping {
            log.notice("stopped with the daemon; the drive is written again from the start next time")
            return .ended
        }
        switch outcome {
        case .host(let message):
            log.error("the drive stays Transferring and is written again at its next attachment: \(message)")
            return .waitForReattachment
        case .failed(let failure):
            await end.failed(failure, bytes: await progress.bytes)
        case .written(let summary, let writerPeak):
            if let writerPeak { log.info("writer used \(writerPeak / 1_048_576) MiB") }
            await finish(summary, totals: offer.totals, job: job, target: target, end: end, password: password, log: log)
        }
        return .ended
    }

    /// The job and whether the drive is being written again (it was `Transferring`); nil when
    /// the drive is not (or no longer) the job's.
    private func begin(_ key: JobKey, _ driveId: String, log: Logger) async -> (Job, resuming: Bool)? {
        do {
            let current = try await registry.job(key)
            guard let index = current.driveIndex(driveId) else { return nil }
            let resuming = current.drives[index].state == .transferring
            let job = resuming ? current : try await registry.perform(key) { lifecycle, job, now in
                try lifecycle.beginProbe(job, driveId: driveId, at: now)
            }
            return (job, resuming)
        } catch {
            log.warning("drive not processed: \(error)")
            return nil
        }
    }

    /// The drive is written: logs, the incomplete blob list, the end with its key.
    private func finish(_ summary: ExportSummary, totals: ExportTotals, job: Job, target: any StorageTarget,
                        end: DriveEnd, password: RecoveryPassword, log: Logger) async {
        let written = Int64(clamping: min(summary.bytesWritten, totals.bytes))
        if summary.offered > 0, summary.completed == 0, summary.incomplete.allSatisfy({ $0.status == .didNotFit }) {
            return await end.failed(DriveFailure(
                .unsupportedDisk, status: .diskOperationFailed,
                "the drive is too small for any blob it is offered: none of the \(summary.offered) fits "
                + "(the first is \(totals.firstLength ?? 0) bytes, the smallest \(totals.smallestLength ?? 0))"), bytes: written)
        }
        let leftOver = summary.incomplete.filter { $0.status == .didNotFit || $0.status == .blobRequestFailed }.map(\.path)
        let clock = registry.clock
        let stored = await OwnThread.run("export list") { () -> Result<String?, any Error> in
            Result { try IncompleteBlobListText.document(leftOver).map { try Self.publishIncompleteList($0, job: job, target: target, clock: clock) } }
        }
        let incompleteURI: String?
        switch stored {
        case .success(let uri): incompleteURI = uri
        case .failure(let error):
            return await end.failed(DriveFailure(.storageAccountNotAccessible, status: .diskOperationFailed,
                                                 "cannot store the incomplete blob list: \(error)"), bytes: written)
        }
        let status = ExportLogEntry.driveStatus(of: summary)
        let links = end.publishLogs(status: status)
        guard let result = CopyResult(driveLogStatus: status) else {
            return await end.failed(DriveFailure(.failed, status: .internalError, "the drive ended with status \(status.rawValue), no copy result"),
                                    bytes: written)
        }
        let driveId = end.driveId
        let key = BitLockerKey(password.revealedForUnlock)
        do {
            try await registry.perform(end.job) { lifecycle, job, now in
                try lifecycle.finishCopy(job, driveId: driveId, result: result, bytesSucceeded: written, logs: links,
                                         exportKey: key, incompleteBlobListUri: incompleteURI, at: now)
            }
            let listed = incompleteURI.map { "; not written: \(leftOver.count), listed in \($0)" } ?? ""
            log.info("export drive written: \(status.rawValue), \(summary.completed) of \(summary.offered) blobs, \(summary.bytesWritten) bytes\(listed)")
        } catch {
            log.error("cannot record the end of the export drive: \(error)")
        }
    }

    /// Stores the list at `<diagnosticsPath>/waies/<job>_<timestamp>_incomplete.xml`; its URI.
    private static func publishIncompleteList(_ document: [UInt8], job: Job, target: any StorageTarget,
                                              clock: any SimulationClock) throws -> String {
        let root = job.diagnosticsPath.slashSeparated(omittingEmpty: true)
        let container = root.first.map(String.init) ?? Job.defaultDiagnosticsPath
        let timestamp = LogTimestamp(millisecondsSince1970: clock.now().millisecondsSinceEpoch)
        let name = DriveLogName.incompleteBlobListName(root: root.dropFirst().joined(separator: "/"), jobName: job.name,
                                                       timestamp: timestamp)
        let path = try BlobPath(container: container, name: name)
        var properties = BlobProperties()
        properties.contentType = "application/xml"
        try target.putSmallBlob(document, at: path, stagedAs: StagedBlobID("incomplete-\(job.name)-\(timestamp.text)"),
                                properties: properties)
        return DiagnosticsLogs.uri(of: path, in: target)
    }
}
