public import IEDriveCore
import Synchronization

/// A **fake** job store held in memory, named as such: the registry's persistence for
/// root-free tests of the registry, the routes and a drive's trip (IEDriveStore's `JobStore`
/// is the one on SQLite). Jobs
/// are kept as values (keys in the clear: nothing leaves the process) and events get
/// ascending ids, as the real store gives them.
public final class InMemoryJobStore: JobPersistence {
    private struct State {
        var jobs: [JobKey: Job] = [:]
        var events: [StoredEvent] = []
        var nextID: Int64 = 1
    }

    private let state = Mutex(State())

    public init(jobs: [Job] = []) {
        state.withLock { state in
            for job in jobs { state.jobs[job.key] = job }
        }
    }

    public func loadJobs() throws -> [Job] {
        state.withLock { Array($0.jobs.values) }
    }

    public func persist(_ job: Job, events: [LifecycleEvent]) throws -> [Int64] {
        state.withLock { state in
            state.jobs[job.key] = job
            return Self.append(events, of: job.key, to: &state)
        }
    }

    public func remove(_ key: JobKey, events: [LifecycleEvent]) throws -> [Int64] {
        state.withLock { state in
            let stored = state.jobs.removeValue(forKey: key)?.key ?? key
            return Self.append(events, of: stored, to: &state)
        }
    }

    public func events(after id: Int64, limit: Int) throws -> [StoredEvent] {
        state.withLock { state in Array(state.events.lazy.filter { $0.id > id }.prefix(limit)) }
    }

    public func latestEventID() throws -> Int64 {
        state.withLock { $0.events.last?.id ?? 0 }
    }

    private static func append(_ events: [LifecycleEvent], of job: JobKey, to state: inout State) -> [Int64] {
        events.map { event in
            let id = state.nextID
            state.nextID += 1
            state.events.append(StoredEvent(id: id, job: job, event: event))
            return id
        }
    }
}
