/// The job and drive state machine of states.md, as pure functions: each operation takes a job
/// and the simulated instant and returns the changed job with its events, or a
/// `LifecycleRefusal` carrying the API error. Nothing here reads a clock or does I/O.
///
/// Contract with the caller (the daemon): before applying an operation at `now`, advance the
/// job to `now` (`advance(_:to:)`) so that due timers have fired; operations do not fire timers.
public struct JobLifecycle: Sendable {
    public var configuration: LifecycleConfiguration

    public init(configuration: LifecycleConfiguration = LifecycleConfiguration()) {
        self.configuration = configuration
    }

    func editor(_ job: Job) -> JobEditor { JobEditor(job, configuration) }
}
