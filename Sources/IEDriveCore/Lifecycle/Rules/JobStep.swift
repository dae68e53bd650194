/// The result of an accepted operation: the job after it, and what happened, in order.
public struct JobStep: Sendable, Hashable, Codable {
    public var job: Job
    public var events: [LifecycleEvent]

    public init(job: Job, events: [LifecycleEvent]) {
        self.job = job
        self.events = events
    }
}

/// The result of moving a job's simulated time forward: the job, or nil if a timer deleted it,
/// and every event the due timers caused, in time order.
public struct JobAdvance: Sendable, Hashable, Codable {
    public var job: Job?
    public var events: [LifecycleEvent]

    public init(job: Job?, events: [LifecycleEvent]) {
        self.job = job
        self.events = events
    }

}
