extension JobLifecycle {
    /// The pre-copy checks of a `Received` drive begin (probe, BitLocker unlock, manifest): the
    /// spec has no state for them — the drive stays `Received` ("Data copy not started") until
    /// the copy starts (D7) or a check fails (D8). Recorded for operators; may repeat (a drive
    /// attached again is probed again).
    public func beginProbe(_ job: Job, driveId: String, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        try requireProcessing(job)
        guard job.drives[index].state == .received else {
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(job.drives[index].state.classic)'; only a 'Received' drive is probed.",
                                   target: "driveId")
        }
        guard !job.cancelRequested else {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' was cancelled; drives that have not started copying skip processing.",
                                   target: "driveId")
        }
        var editor = editor(job)
        editor.job.drives[index].timestamps.probeStartedAt = now
        editor.record(.driveProbeStarted(driveId: driveId), at: now)
        return editor.step
    }

    /// The copy of a `Received` drive starts (D7): `Transferring`, `copyStatus` `InProgress`,
    /// 0 of `bytesToCopy` done. The job moves to `Transferring` (J11). Refused after a legacy
    /// cancel: drives that have not started copying skip the copy (§9).
    public func startCopy(_ job: Job, driveId: String, bytesToCopy: Int64, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        try requireProcessing(job)
        guard job.drives[index].state == .received else {
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(job.drives[index].state.classic)'; only a 'Received' drive starts copying.",
                                   target: "driveId")
        }
        guard !job.cancelRequested else {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' was cancelled; drives that have not started copying skip the copy.",
                                   target: "driveId")
        }
        guard bytesToCopy >= 0 else {
            throw LifecycleRefusal(.invalidParameter, "The bytes to copy cannot be negative.", target: "bytesToCopy")
        }
        var editor = editor(job)
        editor.setDriveState(index, .transferring, at: now)
        editor.job.drives[index].bytesToCopy = bytesToCopy
        editor.job.drives[index].bytesSucceeded = 0
        editor.job.drives[index].timestamps.copyStartedAt = now
        editor.deriveState(at: now)
        return editor.step
    }

    /// A `Transferring` export drive is written again from the start (the daemon stopped or
    /// was killed while writing it: a half-written drive is erased, never resumed): its bytes to
    /// write are what it is offered now, none written yet. No event.
    public func restartCopy(_ job: Job, driveId: String, bytesToCopy: Int64, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        guard job.type == .export else {
            throw LifecycleRefusal(.invalidParameter, "An import drive resumes its copy from its journal; only an export drive is written again.",
                                   target: "driveId")
        }
        try requireProcessing(job)
        guard job.drives[index].state == .transferring else {
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(job.drives[index].state.classic)'; only a 'Transferring' drive is written again.",
                                   target: "driveId")
        }
        guard bytesToCopy >= 0 else {
            throw LifecycleRefusal(.invalidParameter, "The bytes to copy cannot be negative.", target: "bytesToCopy")
        }
        var job = job
        job.drives[index].bytesToCopy = bytesToCopy
        job.drives[index].bytesSucceeded = 0
        return JobStep(job: job, events: [])
    }

    /// Bytes copied so far on a `Transferring` drive (0…bytes to copy). No event.
    public func recordProgress(_ job: Job, driveId: String, bytesSucceeded: Int64, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        guard job.drives[index].state == .transferring else {
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(job.drives[index].state.classic)', not 'Transferring'.",
                                   target: "driveId")
        }
        try checkBytes(bytesSucceeded, of: job.drives[index])
        var job = job
        job.drives[index].bytesSucceeded = bytesSucceeded
        return JobStep(job: job, events: [])
    }

    /// The copy of a `Transferring` drive ran to its end (D9, D10): `Completed` when clean,
    /// `CompletedMoreInfo` with warnings or errors; its logs published. Export: the drive's
    /// generated BitLocker key comes with it (keys appear when the drive leaves `Transferring`,
    /// rest-api.md §3.5), and the job's incomplete blob list if not every blob fit (replacing
    /// an earlier drive's: drives of an export job are written one after another).
    public func finishCopy(_ job: Job, driveId: String, result: CopyResult, bytesSucceeded: Int64? = nil,
                           logs: DriveLogLinks = .none, exportKey: BitLockerKey? = nil,
                           incompleteBlobListUri: String? = nil, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        let drive = job.drives[index]
        guard drive.state == .transferring else {
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(drive.state.classic)'; only a 'Transferring' drive finishes copying.",
                                   target: "driveId")
        }
        if let bytes = bytesSucceeded { try checkBytes(bytes, of: drive) }
        switch job.type {
        case .import:
            guard exportKey == nil, incompleteBlobListUri == nil else {
                throw LifecycleRefusal(.invalidParameter,
                                       "An import drive keeps the customer's key and has no incomplete blob list.",
                                       target: "exportKey")
            }
        case .export:
            guard let key = exportKey, !key.isEmpty else {
                throw LifecycleRefusal(.invalidParameter,
                                       "An export drive leaves 'Transferring' with the BitLocker key it was encrypted with.",
                                       target: "exportKey")
            }
        }
        var editor = editor(job)
        editor.setDriveState(index, result.driveState, at: now)
        editor.job.drives[index].outcome = result.outcome
        if let bytes = bytesSucceeded { editor.job.drives[index].bytesSucceeded = bytes }
        editor.job.drives[index].logs = drive.logs.merged(with: logs)
        editor.job.drives[index].timestamps.processingEndedAt = now
        if let key = exportKey { editor.job.drives[index].bitLockerKey = key }
        // Each export drive reports what is still not on any drive: its list replaces the one an
        // earlier drive left (none: everything is written).
        if job.type == .export { editor.job.incompleteBlobListUri = incompleteBlobListUri }
        editor.deriveState(at: now)
        return editor.step
    }

    /// A drive failed (§4.2): before its copy (D8, from `Received`: `percentComplete` 0,
    /// `bytesSucceeded` 0) or fatally during it (from `Transferring`). Either way the API shows
    /// `CompletedMoreInfo` with `copyStatus` = the failure token. `DiskNotReceived` is not a
    /// processing failure (a missing drive is `NeverReceived`).
    public func failDrive(_ job: Job, driveId: String, failure: DriveFailureState, reason: String,
                          logs: DriveLogLinks = .none, bytesSucceeded: Int64? = nil,
                          at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        let drive = job.drives[index]
        guard failure != .diskNotReceived else {
            throw LifecycleRefusal(.invalidParameter,
                                   "'Disk not received at datacenter' is the 'NeverReceived' state, not a processing failure.",
                                   target: "failure")
        }
        try requireProcessing(job)
        switch drive.state {
        case .received:
            guard !job.cancelRequested else {
                throw LifecycleRefusal(.invalidJobState,
                                       "Job '\(job.name)' was cancelled; drive '\(driveId)' skips processing.",
                                       target: "driveId")
            }
        case .transferring:
            if let bytes = bytesSucceeded { try checkBytes(bytes, of: drive) }
        case .specified, .neverReceived, .completed, .completedMoreInfo, .shippedBack:
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(drive.state.classic)'; only a 'Received' or 'Transferring' drive can fail.",
                                   target: "driveId")
        }
        var editor = editor(job)
        editor.setDriveState(index, .completedMoreInfo, at: now)
        editor.job.drives[index].outcome = .failed(failure)
        editor.job.drives[index].failureReason = reason
        editor.job.drives[index].logs = drive.logs.merged(with: logs)
        editor.job.drives[index].timestamps.processingEndedAt = now
        if drive.state == .received {
            editor.job.drives[index].bytesSucceeded = 0
        } else if let bytes = bytesSucceeded {
            editor.job.drives[index].bytesSucceeded = bytes
        }
        editor.deriveState(at: now)
        return editor.step
    }

    /// `failDrive` with a pipeline `DriveFailure` (its state and reason).
    public func failDrive(_ job: Job, driveId: String, _ failure: DriveFailure, logs: DriveLogLinks = .none,
                          bytesSucceeded: Int64? = nil, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        try failDrive(job, driveId: driveId, failure: failure.state, reason: failure.reason, logs: logs,
                      bytesSucceeded: bytesSucceeded, at: now)
    }

    /// Drives are processed only while the job is `Received` or `Transferring`.
    private func requireProcessing(_ job: Job) throws(LifecycleRefusal) {
        guard job.state == .received || job.state == .transferring else {
            let state = job.state.classic(canceledAs: configuration.canceledJobSpelling)
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; drives are processed only while it is 'Received' or 'Transferring'.")
        }
    }

    private func checkBytes(_ bytes: Int64, of drive: Drive) throws(LifecycleRefusal) {
        let total = drive.bytesToCopy ?? 0
        guard bytes >= 0, bytes <= total else {
            throw LifecycleRefusal(.invalidParameter,
                                   "Drive '\(drive.driveId)' has \(total) bytes to copy; \(bytes) cannot have succeeded.",
                                   target: "bytesSucceeded")
        }
    }
}
