import Synchronization

/// The daemon's live copy numbers: each copying drive's latest progress (rate, ETA, blobs),
/// and their summed throughput. Fed from the event hub's progress events; a drive whose
/// progress stopped for 10 s no longer counts.
public final class ThroughputMeter: Sendable {
    private let latest = Mutex<[String: (progress: DriveProgress, at: ContinuousClock.Instant)]>([:])

    public init() {}

    public func record(_ progress: DriveProgress) {
        latest.withLock { $0[Self.key(progress.job, progress.driveId)] = (progress, .now) }
    }

    /// The drive's latest progress while it copies (nil when none came in the last 10 s).
    public func progress(job: JobKey, drive: String) -> DriveProgress? {
        let now = ContinuousClock.now
        return latest.withLock { entries in
            guard let entry = entries[Self.key(job, drive)], now - entry.at < .seconds(10) else { return nil }
            return entry.progress
        }
    }

    public var bytesPerSecond: Double {
        let now = ContinuousClock.now
        return latest.withLock { entries in
            entries = entries.filter { now - $0.value.at < .seconds(10) }
            return entries.values.reduce(0) { $0 + $1.progress.rate }
        }
    }

    private static func key(_ job: JobKey, _ drive: String) -> String { ASCIICaseless.folded(job.description) + "/" + drive }

    /// Feeds the meter from the hub until cancelled.
    public func follow(_ hub: EventHub) async {
        for await event in hub.subscribe(buffer: 256) {
            if case .progress(let progress) = event { record(progress) }
        }
    }
}
