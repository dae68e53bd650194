/// A lifecycle event as the store keeps it: its id (ascending, never reused; resume a stream
/// after the last id seen) and the job it belongs to (its scope and name).
public struct StoredEvent: Sendable, Hashable {
    public var id: Int64
    public var job: JobKey
    public var event: LifecycleEvent

    public init(id: Int64, job: JobKey, event: LifecycleEvent) {
        self.id = id
        self.job = job
        self.event = event
    }

    public var jobName: String { job.name }
}
