import Hummingbird
import IEDriveCore
import ServiceLifecycle

/// One client's event stream. It subscribes to the hub first, then replays what the store
/// holds after the client's last id (or, for a new client, sends a snapshot tagged with the
/// newest id), then goes live, dropping live lifecycle events already replayed: no gap, no
/// duplicate. Progress is throttled per drive; a comment every `keepAlive` keeps idle proxies
/// and clients from closing. Ends when the client goes away or the daemon shuts down.
struct EventStreamSession: Sendable {
    let registry: any JobService
    /// Only the events of the jobs this names (case-insensitive; the scope optional), or every job's.
    let jobFilter: JobReference?
    /// The last lifecycle id the client has (`Last-Event-ID` or `?after=`); nil for a new client.
    let resumeAfter: Int64?
    var keepAlive: Duration = .seconds(15)
    static let replayPage = 500

    private enum Item: Sendable {
        case event(DaemonEvent)
        case keepAlive
    }

    func run(_ writer: inout any ResponseBodyWriter) async throws {
        let live = registry.hub.subscribe(buffer: 8192)
        let (items, sink) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(8192))
        let forward = Task {
            for await event in live { sink.yield(.event(event)) }
            sink.finish()
        }
        let ticks = Task { [keepAlive] in
            while !Task.isCancelled {
                try await Task.sleep(for: keepAlive)
                sink.yield(.keepAlive)
            }
        }
        defer {
            forward.cancel()
            ticks.cancel()
        }
        try await withGracefulShutdownHandler {
            try await writer.write(ServerSentEvent.retry(milliseconds: 2000))
            var lastID = try await start(&writer)
            var throttle = ProgressThrottle()
            for await item in items {
                switch item {
                case .keepAlive:
                    try await writer.write(ServerSentEvent.comment("keep-alive"))
                case .event(.lifecycle(let id, let key, let event)):
                    guard id > lastID else { continue }
                    lastID = id
                    guard matches(key) else { continue }
                    try await writer.write(await message(id: id, key: key, event: event).buffer)
                case .event(.progress(let progress)):
                    guard matches(progress.job), throttle.admits(progress) else { continue }
                    let data = EventPayloads.progress(progress).serialized()
                    try await writer.write(ServerSentEvent(id: nil, event: "progress", data: data).buffer)
                }
            }
        } onGracefulShutdown: {
            sink.finish()
        }
        try await writer.finish(nil)
    }

    /// The replay, or the snapshot; returns the last lifecycle id the client now has.
    private func start(_ writer: inout any ResponseBodyWriter) async throws -> Int64 {
        guard var lastID = resumeAfter else {
            let latest = try await registry.latestEventID()
            let jobs = try await registry.jobs(in: .all).filter { matches($0.key) }
            let data = EventPayloads.snapshot(latestEventID: latest, jobs: jobs).serialized()
            try await writer.write(ServerSentEvent(id: latest, event: "snapshot", data: data).buffer)
            return latest
        }
        while true {
            let page = try await registry.events(after: lastID, limit: Self.replayPage)
            for stored in page {
                lastID = stored.id
                guard matches(stored.job) else { continue }
                try await writer.write(await message(id: stored.id, key: stored.job, event: stored.event).buffer)
            }
            if page.count < Self.replayPage { return lastID }
        }
    }

    private func message(id: Int64, key: JobKey, event: LifecycleEvent) async -> ServerSentEvent {
        let job = await registry.current(key)
        let data = EventPayloads.lifecycle(id: id, key: key, event: event, job: job).serialized()
        return ServerSentEvent(id: id, event: event.kind.name, data: data)
    }

    private func matches(_ key: JobKey) -> Bool {
        jobFilter.map { $0.matches(key) } ?? true
    }
}
