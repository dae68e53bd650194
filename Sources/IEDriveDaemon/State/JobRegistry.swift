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
    /// Keyed by the lowercased name (names compare case-insensitively).
    private var jobsByKey: [String: Job]

    /// `jobs`: what `persistence` holds (``JobPersistence/loadJobs()``), read by the caller.
    public init(lifecycle: JobLifecycle, clock: any SimulationClock, persistence: any JobPersistence, hub: EventHub,
                jobs: [Job], screen: @escaping @Sendable (JobCreation) throws(LifecycleRefusal) -> Void = { _ in }) {
        self.screen = screen
        self.lifecycle = lifecycle
        self.clock = clock
        self.persistence = persistence
        self.hub = hub
        var loaded: [String: Job] = [:]
        for job in jobs { loaded[job.name.lowercased()] = job }
        jobsByKey = loaded
    }

    // MARK: Reading

    /// Every job at the clock's now (due timers fired first), by creation time then name.
    public func jobs() throws -> [Job] {
        try advanceAll()
        return jobsByKey.values.sorted {
            ($0.timestamps.createdAt, $0.name.lowercased()) < ($1.timestamps.createdAt, $1.name.lowercased())
        }
    }

    public func job(named name: String) throws -> Job {
        try advanceAll()
        guard let job = jobsByKey[name.lowercased()] else { throw Self.notFound(name) }
        return job
    }

    /// The job that lists `driveId` in its drive list, preferring one whose drive still has
    /// work (a drive id may appear again in a later job after the first finished): of those
    /// the oldest, else the newest of all (ties by name, so the answer never depends on the
    /// order a dictionary happens to keep).
    public func owner(ofDrive driveId: String) throws -> Job? {
        try advanceAll()
        let owners = jobsByKey.values.filter { $0.driveIndex(driveId) != nil }.sorted { a, b in
            (a.timestamps.createdAt, a.name.lowercased()) < (b.timestamps.createdAt, b.name.lowercased())
        }
        return owners.first { job in
            guard let index = job.driveIndex(driveId) else { return false }
            return !job.drives[index].processingEnded && !job.state.isTerminal
        } ?? owners.last
    }

    /// The job as last committed, without letting timers fire (watchers describing an event
    /// they were just sent); nil when there is no such job.
    public func current(named name: String) -> Job? {
        jobsByKey[name.lowercased()]
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

    /// PUT: creates the job, or replaces one still `Creating`. Returns whether it was new.
    public func put(_ request: JobCreation) throws -> (job: Job, created: Bool) {
        try screen(request)
        try advanceAll()
        let now = clock.now()
        if let existing = jobsByKey[request.name.lowercased()] {
            let step = try lifecycle.replace(existing, with: request, at: now)
            try commit(step)
            return (step.job, false)
        }
        let active = jobsByKey.values.filter { !$0.state.isTerminal }.count
        let step = try lifecycle.create(request, at: now, activeJobs: active)
        try commit(step)
        return (step.job, true)
    }

    public func delete(named name: String) throws {
        let job = try job(named: name)
        let events = try lifecycle.delete(job, at: clock.now())
        let ids = try persistence.remove(jobNamed: job.name, events: events)
        jobsByKey.removeValue(forKey: job.name.lowercased())
        publish(events, ids: ids, jobName: job.name)
    }

    /// Applies one lifecycle operation to the named job at now and stores the result.
    @discardableResult
    public func perform(_ name: String,
                        _ operation: @Sendable (JobLifecycle, Job, Instant) throws -> JobStep) throws -> Job {
        let job = try job(named: name)
        let step = try operation(lifecycle, job, clock.now())
        try commit(step)
        return step.job
    }

    /// Lets due timers fire on every job (in name order: the events' ids come out the same
    /// every run); returns the earliest deadline still ahead.
    @discardableResult
    public func advanceAll() throws -> Instant? {
        let now = clock.now()
        for key in jobsByKey.keys.sorted() {
            guard let job = jobsByKey[key], let next = job.timers.next, next.deadline <= now else { continue }
            let advance = lifecycle.advance(job, to: now)
            if let advanced = advance.job {
                let ids = try persistence.persist(advanced, events: advance.events)
                jobsByKey[key] = advanced
                publish(advance.events, ids: ids, jobName: job.name)
            } else {
                let ids = try persistence.remove(jobNamed: job.name, events: advance.events)
                jobsByKey.removeValue(forKey: key)
                publish(advance.events, ids: ids, jobName: job.name)
            }
        }
        return jobsByKey.values.compactMap { $0.fault == nil ? $0.timers.next?.deadline : nil }.min()
    }

    private func commit(_ step: JobStep) throws {
        let ids = try persistence.persist(step.job, events: step.events)
        jobsByKey[step.job.name.lowercased()] = step.job
        publish(step.events, ids: ids, jobName: step.job.name)
    }

    private func publish(_ events: [LifecycleEvent], ids: [Int64], jobName: String) {
        for (event, id) in zip(events, ids) { hub.publish(.lifecycle(id: id, jobName: jobName, event: event)) }
    }

    static func notFound(_ name: String) -> LifecycleRefusal {
        LifecycleRefusal(.resourceNotFound, "The job '\(name)' does not exist.", target: "jobName")
    }
}
