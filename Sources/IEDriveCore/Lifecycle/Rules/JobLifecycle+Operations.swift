/// What the operations team does to a job by hand (states.md §1 Faulted, J9, J10, §8).
extension JobLifecycle {
    /// Set the internal Faulted flag (§1): no timer fires and the job state is not derived until
    /// it is cleared. Not on a finished job.
    public func fault(_ job: Job, reason: String, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard job.fault == nil else {
            throw LifecycleRefusal(.invalidJobState, "Job '\(job.name)' is already faulted: \(job.fault?.reason ?? "").")
        }
        guard !job.state.isTerminal else {
            throw LifecycleRefusal(.invalidJobState, "Job '\(job.name)' is finished; only a running job can be faulted.")
        }
        var editor = editor(job)
        editor.job.fault = JobFault(reason: reason, since: now)
        editor.record(.faulted(reason: reason), at: now)
        return editor.step
    }

    /// Clear the Faulted flag: the timers resume where they stood (each deadline moves later by
    /// the time spent faulted — our reading of "put back into the appropriate state") and the
    /// job state is derived again.
    public func clearFault(_ job: Job, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard let fault = job.fault else {
            throw LifecycleRefusal(.invalidJobState, "Job '\(job.name)' is not faulted.")
        }
        var editor = editor(job)
        editor.job.fault = nil
        editor.job.timers.resume(pausedAt: fault.since, resumedAt: now)
        editor.record(.faultCleared, at: now)
        editor.deriveState(at: now)
        return editor.step
    }

    /// J10: the customer answered about a missing package; the wait is extended. The in-transit
    /// timer restarts, the customer-response timer stops, and drives that J8 marked
    /// `NeverReceived` go back to `Specified` (the operator transition states.md §1.1 calls
    /// backwards). Only in `Shipping` before the package arrived.
    public func extendWait(_ job: Job, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard job.state == .shipping, job.packageArrival == nil else {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is not waiting for its package; the wait can be extended only in state 'Shipping' before the package arrived.")
        }
        var editor = editor(job)
        for index in editor.job.drives.indices
        where editor.job.drives[index].state == .neverReceived && editor.job.drives[index].neverReceivedCause == .packageOverdue {
            editor.setDriveState(index, .specified, at: now)
            editor.job.drives[index].outcome = .none
            editor.job.drives[index].neverReceivedCause = nil
        }
        editor.job.timers.stop(.customerResponse)
        editor.job.timers.start(.inTransit, at: now, for: configuration.inTransit)
        return editor.step
    }

    /// J9 before its 30 days: the customer gives up on a missing package, and operations move
    /// the job from `Shipping` straight to `Closed` (90-day retention). Only once the package is
    /// known missing (J8 fired, or it came without the job's drives).
    public func closeMissingPackage(_ job: Job, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let receiptPending = job.packageArrival.map { $0.receivingFinishedAt == nil } ?? false
        guard job.state == .shipping, !receiptPending, job.timers[.customerResponse] != nil else {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' has no missing package to give up on; that is possible in state 'Shipping' after the in-transit wait ran out.")
        }
        var editor = editor(job)
        editor.finish(.closed, at: now)
        return editor.step
    }

    /// The return address is wrong or missing and the customer must be reached (§6, §8): while
    /// `Transferring` or `Packaging`. If nobody answers in 90 days the drives are destroyed and
    /// the job ends `Closed` (our choice: the spec says only that the drives are destroyed).
    /// Fixing `returnAddress` by PATCH (possible before `Packaging`) or
    /// `resolveReturnAddressProblem` ends it.
    public func reportReturnAddressProblem(_ job: Job, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard job.state == .transferring || job.state == .packaging else {
            throw LifecycleRefusal(.invalidJobState,
                                   "A return-address problem is handled while the job is 'Transferring' or 'Packaging'.")
        }
        guard job.returnAddressProblemSince == nil else {
            throw LifecycleRefusal(.invalidJobState, "Job '\(job.name)' already has a return-address problem open.")
        }
        var editor = editor(job)
        editor.job.returnAddressProblemSince = now
        editor.job.timers.start(.returnAddress, at: now, for: configuration.unreachableCustomer)
        editor.record(.operationsNotified(.returnAddressProblem), at: now)
        return editor.step
    }

    /// The customer was reached and the return address is right now.
    public func resolveReturnAddressProblem(_ job: Job, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard job.returnAddressProblemSince != nil else {
            throw LifecycleRefusal(.invalidJobState, "Job '\(job.name)' has no return-address problem open.")
        }
        var editor = editor(job)
        editor.job.returnAddressProblemSince = nil
        editor.job.timers.stop(.returnAddress)
        editor.record(.returnAddressProblemResolved, at: now)
        return editor.step
    }
}
