
/// A lifecycle event as the store keeps it: its id (ascending, never reused; resume a stream
/// after the last id seen) and the job it belongs to.
public struct StoredEvent: Sendable, Hashable {
    public var id: Int64
    public var jobName: String
    public var event: LifecycleEvent

    public init(id: Int64, jobName: String, event: LifecycleEvent) {
        self.id = id
        self.jobName = jobName
        self.event = event
    }
}
