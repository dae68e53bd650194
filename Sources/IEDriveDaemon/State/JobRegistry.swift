public import IEDriveCore

/// The owner of every job: applies lifecycle operations one at a time, at the clock's now,
/// after letting due timers fire (the `JobLifecycle` contract), stores the result and the
/// events, then publishes them. Callers get copies; nothing else mutates a job.
public actor JobRegistry: JobService {
    public nonisolated let lifecycle: JobLifecycle
    public nonisolated let clock: any SimulationClock
    public nonisolated let hub: EventHub
    private let persistence: any JobPersistence
    /// Checks of a PUT body beyond the lifecycle's own, by stages the lifecycle does not know
    /// (the export selection's blob-list rules); run before the job is created or replaced.
    private let screen: @Sendable (JobCreation) throws(LifecycleRefusal) -> Void
    /// Keyed by scope and name (`JobKey` compares with ASCII case ignored, as ARM does).
    private var jobsByKey: [JobKey: Job]

    /// `jobs`: what `persistence` holds (``JobPersistence/loadJobs()``), read by the caller.
    public init(lifecycle: JobLifecycle, clock: any SimulationClock, persistence: any JobPersistence, hub: EventHub,
                jobs: [Job], screen: @escaping @Sendable (JobCreation) throws(LifecycleRefusal) -> Void = { _ in }) {
        self.screen = screen
        self.lifecycle = lifecycle
        self.clock = clock
        self.persistence = persistence
        self.hub = hub
        var loaded: [JobKey: Job] = [:]
        for job in jobs { loaded[job.key] = job }
        jobsByKey = loaded
    }

    // MARK: Reading

    /// The jobs of `scope` at the clock's now (due timers fired first), by creation time, then
    /// subscription, resource group and name.
    public func jobs(in scope: JobListScope) throws -> [Job] {
        try advanceAll()
        return Self.ordered(jobsByKey.values.filter { scope.contains($0.scope) })
    }

    public func job(_ key: JobKey) throws -> Job {
        try advanceAll()
        guard let job = jobsByKey[key] else { throw Self.notFound(key) }
        return job
    }

    /// The job that lists `driveId` in its drive list, preferring one whose drive still has
    /// work (a drive id may appear again in a later job after the first finished): of those
    /// the oldest, else the newest of all (ties by name, so the answer never depends on the
    /// order a dictionary happens to keep).
    public func owner(ofDrive driveId: String) throws -> Job? {
        try advanceAll()
        let owners = Self.ordered(jobsByKey.values.filter { $0.driveIndex(driveId) != nil })
        return owners.first { job in
            guard let index = job.driveIndex(driveId) else { return false }
            return !job.drives[index].processingEnded && !job.state.isTerminal
        } ?? owners.last
    }

    /// The job as last committed, without letting timers fire (watchers describing an event
    /// they were just sent); nil when there is no such job.
    public func current(_ key: JobKey) -> Job? {
        jobsByKey[key]
    }

    /// Up to `limit` stored lifecycle events with ids above `id`, ascending: what a watcher
    /// missed (the event stream's `Last-Event-ID` replay). Read-only.
    public func events(after id: Int64, limit: Int) throws -> [StoredEvent] {
        try persistence.events(after: id, limit: limit)
    }

    /// The id of the newest stored event, 0 when there are none.
    public func latestEventID() throws -> Int64 {
        try persistence.latestEventID()
    }

    // MARK: Changing

    /// PUT: creates the job in the request's scope, or replaces one still `Creating`. Returns
    /// whether it was new. The optional active-job limit counts the request's subscription.
    public func put(_ request: JobCreation) throws -> (job: Job, created: Bool) {
        try screen(request)
        try advanceAll()
        let now = clock.now()
        if let existing = jobsByKey[JobKey(scope: request.scope, name: request.name)] {
            let step = try lifecycle.replace(existing, with: request, at: now)
            try commit(step)
            return (step.job, false)
        }
        let active = jobsByKey.values.filter {
            !$0.state.isTerminal && $0.scope.isIn(subscription: request.scope.subscriptionId)
        }.count
        let step = try lifecycle.create(request, at: now, activeJobs: active)
        try commit(step)
        return (step.job, true)
    }

    public func delete(_ key: JobKey) throws {
        let job = try job(key)
        let events = try lifecycle.delete(job, at: clock.now())
        let ids = try persistence.remove(job.key, events: events)
        jobsByKey.removeValue(forKey: job.key)
        publish(events, ids: ids, job: job.key)
    }

    /// Applies one lifecycle operation to the job with `key` at now and stores the result.
    @discardableResult
    public func perform(_ key: JobKey,
                        _ operation: @Sendable (JobLifecycle, Job, Instant) throws -> JobStep) throws -> Job {
        let job = try job(key)
        let step = try operation(lifecycle, job, clock.now())
        try commit(step)
        return step.job
    }

    /// Lets due timers fire on every job (in key order: the events' ids come out the same
    /// every run); returns the earliest deadline still ahead.
    @discardableResult
    public func advanceAll() throws -> Instant? {
        let now = clock.now()
        for key in jobsByKey.keys.sorted(by: { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }) {
            guard let job = jobsByKey[key], let next = job.timers.next, next.deadline <= now else { continue }
            let advance = lifecycle.advance(job, to: now)
            if let advanced = advance.job {
                let ids = try persistence.persist(advanced, events: advance.events)
                jobsByKey[key] = advanced
                publish(advance.events, ids: ids, job: job.key)
            } else {
                let ids = try persistence.remove(job.key, events: advance.events)
                jobsByKey.removeValue(forKey: key)
                publish(advance.events, ids: ids, job: job.key)
            }
        }
        return jobsByKey.values.compactMap { $0.fault == nil ? $0.timers.next?.deadline : nil }.min()
    }

    private func commit(_ step: JobStep) throws {
        let ids = try persistence.persist(step.job, events: step.events)
        jobsByKey[step.job.key] = step.job
        publish(step.events, ids: ids, job: step.job.key)
    }

    private func publish(_ events: [LifecycleEvent], ids: [Int64], job: JobKey) {
        for (event, id) in zip(events, ids) { hub.publish(.lifecycle(id: id, job: job, event: event)) }
    }

    /// By creation time, then key (never the order a dictionary happens to keep).
    private static func ordered(_ jobs: some Sequence<Job>) -> [Job] {
        jobs.sorted { a, b in
            a.timestamps.createdAt != b.timestamps.createdAt
                ? a.timestamps.createdAt < b.timestamps.createdAt
                : a.key.sortKey.lexicographicallyPrecedes(b.key.sortKey)
        }
    }

    static func notFound(_ key: JobKey) -> LifecycleRefusal {
        LifecycleRefusal(.resourceNotFound, "The job '\(key.name)' does not exist in resource group '\(key.scope.resourceGroup)' "
                         + "of subscription '\(key.scope.subscriptionId)'.", target: "jobName")
    }
}
