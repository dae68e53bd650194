/// How often and how long transient failures are retried: exponential backoff with full
/// jitter (a random wait between zero and the current step), the step doubling from `base`
/// up to `cap`, at most `attempts` tries in all.
public struct S3RetryPolicy: Sendable, Hashable {
    public var attempts: Int
    public var base: Duration
    public var cap: Duration

    public init(attempts: Int = 6, base: Duration = .milliseconds(200), cap: Duration = .seconds(5)) {
        self.attempts = max(1, attempts)
        self.base = base
        self.cap = cap
    }

    /// The wait before try `attempt + 1` (after `attempt` failed tries, 1-based).
    public func delay(after attempt: Int) -> Duration {
        var step = base
        for _ in 1..<max(1, attempt) where step < cap { step *= 2 }
        step = min(step, cap)
        let milliseconds = Int(step.components.seconds * 1_000 + step.components.attoseconds / 1_000_000_000_000_000)
        return .milliseconds(Int.random(in: 0...max(0, milliseconds)))
    }

    /// No retries: one try.
    public static let once = S3RetryPolicy(attempts: 1)
}
