
/// Where the registry keeps jobs and their history: the SQLite `JobStore` in the daemon.
public protocol JobPersistence: Sendable {
    func loadJobs() throws -> [Job]
    /// Stores the job (keys encrypted) and appends its events in one transaction; returns the
    /// events' ids, in order.
    func persist(_ job: Job, events: [LifecycleEvent]) throws -> [Int64]
    /// Removes the job with `key` and appends `events` in one transaction; returns their ids.
    func remove(_ key: JobKey, events: [LifecycleEvent]) throws -> [Int64]
    /// Up to `limit` stored events with ids above `id`, ascending (the event stream's replay).
    func events(after id: Int64, limit: Int) throws -> [StoredEvent]
    /// The highest stored event id, 0 when there are none.
    func latestEventID() throws -> Int64
}
