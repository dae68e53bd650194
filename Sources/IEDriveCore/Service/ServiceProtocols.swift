/// What the daemon's faces (the HTTP API, the dashboard, the event stream, metrics) need of
/// the daemon, as protocols over Core values: the HTTP server takes these and never the
/// daemon's concrete types. IEDriveDaemon's `JobRegistry`, `DriveSupervisor` and `DaemonClock`
/// are the implementations; tests build the same ones over an in-memory store.

/// The jobs: read, changed through the lifecycle rules, and their stored events.
public protocol JobService: Sendable {
    var clock: any SimulationClock { get }
    /// Where lifecycle and progress events are published as they happen.
    var hub: EventHub { get }
    /// The jobs of `scope` at the clock's now (due timers fired first), by creation time, then
    /// subscription, resource group and name.
    func jobs(in scope: JobListScope) async throws -> [Job]
    /// The job with `key` (ASCII case ignored); a `resourceNotFound` refusal when there is none.
    func job(_ key: JobKey) async throws -> Job
    /// The job as last committed, without letting timers fire; nil when there is none.
    func current(_ key: JobKey) async -> Job?
    /// The job that lists `driveId` (the one with work for it first), or nil. Drives are
    /// physical: this looks across every scope.
    func owner(ofDrive driveId: String) async throws -> Job?
    /// PUT: creates the job in the request's scope, or replaces one still `Creating`. Returns
    /// whether it was new.
    func put(_ request: JobCreation) async throws -> (job: Job, created: Bool)
    func delete(_ key: JobKey) async throws
    /// Applies one lifecycle operation to the job with `key` at now and stores the result.
    @discardableResult
    func perform(_ key: JobKey, _ operation: @Sendable (JobLifecycle, Job, Instant) throws -> JobStep) async throws -> Job
    /// Lets due timers fire on every job; returns the earliest deadline still ahead.
    @discardableResult
    func advanceAll() async throws -> Instant?
    /// Up to `limit` stored events with ids above `id`, ascending.
    func events(after id: Int64, limit: Int) async throws -> [StoredEvent]
    func latestEventID() async throws -> Int64
}

/// The drives attached to this host and the work on them.
public protocol DriveFleet: Sendable {
    /// Drives in flight and attached.
    var status: (running: Int, attached: Int) { get async }
    var attachedMedia: [AttachedMedium] { get async }
    /// Looks again at every attached drive (a job changed).
    func reevaluate() async
}

/// The simulated clock every lifecycle timer reads (`sim advance` steps it).
public protocol SimulationClock: Sendable {
    var mode: ClockMode { get }
    func now() -> Instant
    /// Moves simulated time forward; returns the new now.
    @discardableResult
    func advance(by span: TimeSpan) -> Instant
}
