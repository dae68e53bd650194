import IEDriveCopy
import IEDriveCore
import Logging

/// The end of a drive's trip: its drive logs published into the job's diagnostics container,
/// then the end recorded in its job — copied (with the copy's result and bytes), or failed
/// with its failure state.
struct DriveEnd: Sendable {
    let registry: JobRegistry
    let target: any StorageTarget
    let job: JobKey
    let driveId: String
    let logs: DiagnosticsLogs
    let log: Logger

    func copied(_ summary: CopySummary, progress: ProgressRecorder) async {
        await progress.ensureStarted(total: Int64(clamping: summary.totalBytes))
        let links = publishLogs(status: summary.driveStatus)
        guard let result = CopyResult(driveLogStatus: summary.driveStatus) else {
            log.error("the copy ended with status \(summary.driveStatus.rawValue), which is no copy result")
            return
        }
        let driveId = self.driveId
        do {
            try await registry.perform(job) { lifecycle, job, now in
                try lifecycle.finishCopy(job, driveId: driveId, result: result,
                                         bytesSucceeded: Int64(clamping: summary.bytesSucceededInAll), logs: links, at: now)
            }
            log.info("copy finished: \(summary.driveStatus.rawValue), \(summary.bytesSucceededInAll) bytes")
        } catch {
            log.error("cannot record the end of the copy: \(error)")
        }
    }

    func failed(_ failure: DriveFailure, bytes: Int64? = nil) async {
        log.warning("drive failed: \(failure.state.label): \(failure.reason)")
        let links = publishLogs(status: failure.status)
        let driveId = self.driveId
        do {
            try await registry.perform(job) { lifecycle, job, now in
                try lifecycle.failDrive(job, driveId: driveId, failure, logs: links, bytesSucceeded: bytes, at: now)
            }
        } catch {
            log.error("cannot record the drive's failure: \(error)")
        }
    }

    func publishLogs(status: DriveStatus) -> DriveLogLinks {
        do {
            return try logs.publish(status: status, to: target)
        } catch {
            log.error("cannot publish the drive logs: \(error)")
            return .none
        }
    }
}
