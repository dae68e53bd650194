/// A job being changed by one operation or one `advance`: every state change goes through here
/// so that it is recorded as an event with its instant and stamped in the timestamps.
struct JobEditor {
    var job: Job
    private(set) var events: [LifecycleEvent] = []
    let configuration: LifecycleConfiguration
    /// The job entered `Transferring` during this session: it may not also reach `Packaging`
    /// in it (J12, "pass through Transferring for one tick").
    private(set) var enteredTransferring = false

    init(_ job: Job, _ configuration: LifecycleConfiguration) {
        self.job = job
        self.configuration = configuration
    }

    var step: JobStep { JobStep(job: job, events: events) }

    mutating func record(_ kind: LifecycleEventKind, at instant: Instant) {
        events.append(LifecycleEvent(at: instant, kind))
    }

    mutating func setState(_ new: JobState, at instant: Instant) {
        let old = job.state
        guard new != old else { return }
        job.state = new
        job.timestamps.stateChangedAt = instant
        switch new {
        case .shipping: job.timestamps.shippedAt = instant
        case .received: job.timestamps.receivedAt = instant
        case .transferring:
            enteredTransferring = true
            if job.timestamps.transferStartedAt == nil { job.timestamps.transferStartedAt = instant }
        case .packaging: job.timestamps.packagingStartedAt = instant
        case .completed, .closed, .canceled: job.timestamps.finishedAt = instant
        case .creating: break
        }
        record(.jobStateChanged(from: old, to: new), at: instant)
    }

    mutating func setDriveState(_ index: Int, _ new: DriveState, at instant: Instant) {
        let old = job.drives[index].state
        guard new != old else { return }
        job.drives[index].state = new
        record(.driveStateChanged(driveId: job.drives[index].driveId, from: old, to: new), at: instant)
    }

    /// Enter `Completed`, `Closed` or `Canceled`: every timer stops and the 90-day retention
    /// starts (J6, J9, J13, J14). A finished job is not faulted (its retention must run).
    mutating func finish(_ final: JobState, at instant: Instant) {
        if job.fault != nil {
            job.fault = nil
            record(.faultCleared, at: instant)
        }
        setState(final, at: instant)
        job.timers = JobTimers()
        job.timers.start(.retention, at: instant, for: configuration.retention)
    }

    /// Mark a drive `NeverReceived` (D3, D4).
    mutating func markNeverReceived(_ index: Int, cause: NeverReceivedCause, at instant: Instant) {
        setDriveState(index, .neverReceived, at: instant)
        job.drives[index].outcome = .notReceived
        job.drives[index].neverReceivedCause = cause
        job.drives[index].timestamps.neverReceivedAt = instant
    }

    /// Check a drive in (D2), or move a `NeverReceived` one back (D5).
    mutating func checkIn(_ index: Int, at instant: Instant) {
        if job.drives[index].state == .neverReceived { job.drives[index].timestamps.recoveredAt = instant }
        setDriveState(index, .received, at: instant)
        job.drives[index].outcome = .none
        job.drives[index].neverReceivedCause = nil
        job.drives[index].timestamps.receivedAt = instant
    }
}
