import IEDriveSystem

/// Seconds on a monotonic clock.
enum Monotonic {
    static func now() -> Double {
        Double(SystemClock.monotonicNanoseconds()) / 1e9
    }
}

/// Bytes per second over the last few seconds.
struct RateMeter {
    private var samples: [(time: Double, bytes: UInt64)] = []
    private let window = 5.0

    mutating func add(_ bytes: UInt64) {
        let now = Monotonic.now()
        samples.append((now, bytes))
        if let first = samples.first, now - first.time > window * 2 {
            samples.removeAll { now - $0.time > window }
        }
    }

    func bytesPerSecond() -> Double {
        let now = Monotonic.now()
        let recent = samples.filter { now - $0.time <= window }
        guard let first = recent.first, recent.count > 1 else { return 0 }
        let span = max(0.001, now - first.time)
        return Double(recent.dropFirst().reduce(0) { $0 + $1.bytes }) / span
    }
}
