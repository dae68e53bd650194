extension JobLifecycle {
    /// Move the job's simulated time to `now`: every timer whose deadline is at or before `now`
    /// fires — not a millisecond early — in deadline order, each at its own deadline, so one
    /// large step gives the same job and events as many small ones. Timers a firing starts
    /// (J8 → the 30-day wait → 90-day retention) count from the deadline that started them.
    /// Then the job state is derived at `now` (which completes J12's pass through
    /// `Transferring`). A faulted job's timers do not run. Returns nil as the job when a timer
    /// deleted it (J4, J15).
    public func advance(_ job: Job, to now: Instant) -> JobAdvance {
        var editor = editor(job)
        while editor.job.fault == nil, let next = editor.job.timers.next, next.deadline <= now {
            editor.job.timers.stop(next.timer)
            if let cause = fire(next.timer, &editor, at: next.deadline) {
                editor.record(.jobDeleted(cause), at: next.deadline)
                return JobAdvance(job: nil, events: editor.events)
            }
            editor.deriveState(at: next.deadline)
        }
        editor.deriveState(at: now)
        return JobAdvance(job: editor.job, events: editor.events)
    }

    /// What the timer does; a deletion cause when it deletes the job. A timer that no longer
    /// fits the job's state does nothing (transitions stop the timers they end).
    private func fire(_ timer: JobTimer, _ editor: inout JobEditor, at instant: Instant) -> JobDeletionCause? {
        switch timer {
        case .awaitingShipment:
            // J4: 14 days without reaching `Shipping`.
            return editor.job.state == .creating ? .awaitingShipmentExpired : nil
        case .retention:
            // J15.
            return editor.job.state.isTerminal ? .retentionExpired : nil
        case .receipt:
            finishReceiving(&editor, at: instant)
        case .inTransit:
            // J8/D4: still `Specified` drives become `NeverReceived`; the customer gets 30 days.
            guard editor.job.state == .shipping, editor.job.packageArrival == nil else { return nil }
            for index in editor.job.drives.indices where editor.job.drives[index].state == .specified {
                editor.markNeverReceived(index, cause: .packageOverdue, at: instant)
            }
            editor.job.timestamps.packageOverdueAt = instant
            editor.record(.operationsNotified(.packageOverdue), at: instant)
            editor.job.timers.start(.customerResponse, at: instant, for: configuration.customerResponse)
        case .customerResponse:
            // J9: `Shipping` → `Closed`.
            guard editor.job.state == .shipping else { return nil }
            editor.finish(.closed, at: instant)
        case .returnAddress:
            guard editor.job.state == .transferring || editor.job.state == .packaging else { return nil }
            editor.job.drivesDestroyed = true
            editor.record(.drivesDestroyed, at: instant)
            editor.finish(.closed, at: instant)
        case .returnTransit:
            editor.job.returnTransitElapsed = true
            editor.record(.returnTransitElapsed, at: instant)
        }
        return nil
    }
}
