/// The internal `Faulted` flag (states.md §1): set by operations when a job stops progressing
/// normally; never an API state. While set, no timer fires and the job state is not derived;
/// clearing it resumes the timers where they stood.
public struct JobFault: Sendable, Hashable, Codable {
    public var reason: String
    public var since: Instant

    public init(reason: String, since: Instant) {
        self.reason = reason
        self.since = since
    }
}
