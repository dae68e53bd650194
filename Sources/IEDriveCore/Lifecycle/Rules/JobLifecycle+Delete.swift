extension JobLifecycle {
    /// DELETE (states.md §10, J5, J16): allowed in `Creating`, `Completed`, `Closed`,
    /// `Canceled`; elsewhere 409 `InvalidJobState`. Returns the deletion event; the caller drops
    /// the job. Drives of a deleted `Creating` job that are at the datacenter fall under the
    /// held-drive rule (§7 rule 3, `HeldShipmentLifecycle`).
    public func delete(_ job: Job, at now: Instant) throws(LifecycleRefusal) -> [LifecycleEvent] {
        guard job.state.allowsDelete else {
            let state = job.state.classic(canceledAs: configuration.canceledJobSpelling)
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; only jobs in state 'Creating', 'Completed', 'Closed' or 'Canceled' can be deleted.")
        }
        return [LifecycleEvent(at: now, .jobDeleted(.deleteRequest))]
    }
}
