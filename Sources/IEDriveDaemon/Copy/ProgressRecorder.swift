import IEDriveCopy
import IEDriveCore

/// Turns the copy's progress events into the job's record: the copy starts (D7) at the first
/// event, when the byte total is known; bytes succeeded are stored at most once a second (the
/// live numbers go to watchers on every event).
actor ProgressRecorder {
    private let registry: JobRegistry
    private let job: JobKey
    private let driveId: String
    private var started: Bool
    private var lastStored: ContinuousClock.Instant?
    private(set) var bytes: Int64 = 0

    init(registry: JobRegistry, job: JobKey, driveId: String, resuming: Bool) {
        self.registry = registry
        self.job = job
        self.driveId = driveId
        started = resuming
    }

    func record(_ progress: CopyProgress) async {
        bytes = Int64(clamping: progress.bytesSucceeded)
        await startIfNeeded(total: Int64(clamping: progress.totalBytes))
        registry.hub.publish(.progress(DriveProgress(
            job: job, driveId: driveId, bytesSucceeded: bytes, bytesToCopy: Int64(clamping: progress.totalBytes),
            blobsDone: progress.blobsDone, blobCount: progress.blobCount, rate: progress.rate,
            secondsLeft: progress.secondsLeft)))
        let now = ContinuousClock.now
        if let lastStored, now - lastStored < .seconds(1) { return }
        lastStored = now
        let (driveId, bytes) = (self.driveId, self.bytes)
        _ = try? await registry.perform(job) { lifecycle, job, at in
            try lifecycle.recordProgress(job, driveId: driveId, bytesSucceeded: bytes, at: at)
        }
    }

    /// A copy with nothing to report still starts before it finishes.
    func ensureStarted(total: Int64) async { await startIfNeeded(total: total) }


    private func startIfNeeded(total: Int64) async {
        guard !started else { return }
        started = true
        let driveId = self.driveId
        _ = try? await registry.perform(job) { lifecycle, job, now in
            try lifecycle.startCopy(job, driveId: driveId, bytesToCopy: total, at: now)
        }
    }
}
