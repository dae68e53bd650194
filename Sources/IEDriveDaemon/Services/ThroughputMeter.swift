import Synchronization

/// The daemon's copy throughput: the latest rate of each copying drive, summed. Fed from the
/// event hub's progress events; a drive whose progress stopped for 10 s no longer counts.
public final class ThroughputMeter: Sendable {
    private let rates = Mutex<[String: (rate: Double, at: ContinuousClock.Instant)]>([:])

    public init() {}

    public func record(_ progress: DriveProgress) {
        rates.withLock { $0["\(progress.jobName)/\(progress.driveId)"] = (progress.rate, .now) }
    }

    public var bytesPerSecond: Double {
        let now = ContinuousClock.now
        return rates.withLock { entries in
            entries = entries.filter { now - $0.value.at < .seconds(10) }
            return entries.values.reduce(0) { $0 + $1.rate }
        }
    }

    /// Feeds the meter from the hub until cancelled.
    public func follow(_ hub: EventHub) async {
        for await event in hub.subscribe(buffer: 256) {
            if case .progress(let progress) = event { record(progress) }
        }
    }
}
