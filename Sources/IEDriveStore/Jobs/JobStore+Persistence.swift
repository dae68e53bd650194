public import IEDriveCore

/// The SQLite job store is where the registry keeps jobs.
extension JobStore: JobPersistence {
    public func loadJobs() throws -> [Job] { try jobs() }

    public func persist(_ job: Job, events: [LifecycleEvent]) throws -> [Int64] {
        try save(job, events: events).map(\.id)
    }

    public func remove(_ key: JobKey, events: [LifecycleEvent]) throws -> [Int64] {
        try delete(key, events: events).map(\.id)
    }
}
