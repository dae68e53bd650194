/// The job state from its drives (states.md §11), run after every drive event and timer.
extension JobEditor {
    mutating func deriveState(at instant: Instant) {
        guard job.fault == nil else { return }
        var before: JobState
        repeat {
            before = job.state
            deriveOnce(at: instant)
        } while job.state != before
    }

    private mutating func deriveOnce(at instant: Instant) {
        switch job.state {
        case .creating, .canceled, .completed, .closed:
            return
        case .shipping:
            // J7: receiving finished, no drive left `Specified`, at least one `Received`.
            guard receivingFinished, !job.drives.isEmpty,
                  !job.drives.contains(where: { $0.state == .specified }),
                  job.drives.contains(where: { $0.state == .received }) else { return }
            job.timers.stop(.inTransit, .customerResponse)
            setState(.received, at: instant)
        case .received:
            // J11; J12 when every drive is finished without one copying: through `Transferring`.
            if anyDriveStarted || allDrivesFinished { setState(.transferring, at: instant) }
        case .transferring:
            // J12: not in the session that entered `Transferring` (one tick).
            if !enteredTransferring, allDrivesFinished { setState(.packaging, at: instant) }
        case .packaging:
            // J13/J14 (and the legacy cancel): every received drive is back with the customer.
            let received = job.drives.filter { $0.state != .neverReceived }
            guard !received.isEmpty, received.allSatisfy({ $0.state == .shippedBack }) else { return }
            let final: JobState = if job.cancelRequested {
                .canceled
            } else if job.drives.contains(where: { $0.outcome.isError }) {
                .closed
            } else {
                .completed
            }
            finish(final, at: instant)
            job.timers.start(.returnTransit, at: instant, for: configuration.returnTransit)
        }
    }

    /// No package, or its receipt lag has run out.
    private var receivingFinished: Bool {
        guard let arrival = job.packageArrival else { return true }
        return arrival.receivingFinishedAt != nil
    }

    /// Some drive that arrived is copying or done (§11: `Transferring`, `Completed`,
    /// `CompletedMoreInfo`).
    private var anyDriveStarted: Bool {
        job.drives.contains { [.transferring, .completed, .completedMoreInfo].contains($0.state) }
    }

    /// Every drive is finished (§11); after a legacy cancel, drives that never started count as
    /// finished: they skip the copy (§9).
    private var allDrivesFinished: Bool {
        !job.drives.isEmpty && job.drives.allSatisfy { drive in
            drive.state.isFinished || (job.cancelRequested && drive.state == .received)
        }
    }
}
