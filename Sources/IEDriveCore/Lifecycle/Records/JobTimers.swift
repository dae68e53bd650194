/// The timers of states.md §6 that run for a job.
public enum JobTimer: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Receiving lag: package delivered → receiving finished (J7).
    case receipt
    /// 14 days in `Shipping` without the package (J8, D4).
    case inTransit
    /// 30 days after J8 without the customer (J9).
    case customerResponse
    /// 90 days after a bad return address was reported (§6 "Bad return address").
    case returnAddress
    /// Return transit (suggested 2 days) before the Preview label reads "Completed" (§11).
    case returnTransit
    /// 90 days in `Completed`/`Closed`/`Canceled` (J15).
    case retention
    /// 14 days in `Creating` (J4; also the tracking-number timer).
    case awaitingShipment

    /// Timers due at the same instant fire in declaration order.
    public static func < (lhs: JobTimer, rhs: JobTimer) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The running timers of a job: each has a deadline, and fires when simulated time reaches it
/// (not a millisecond before).
public struct JobTimers: Sendable, Hashable {
    private var deadlines: [JobTimer: Instant] = [:]

    public init() {}

    public subscript(timer: JobTimer) -> Instant? {
        get { deadlines[timer] }
        set { deadlines[timer] = newValue }
    }

    /// The running timers, earliest first.
    public var running: [(timer: JobTimer, deadline: Instant)] {
        deadlines.map { (timer: $0.key, deadline: $0.value) }
            .sorted { $0.deadline != $1.deadline ? $0.deadline < $1.deadline : $0.timer < $1.timer }
    }

    /// The next timer to fire.
    public var next: (timer: JobTimer, deadline: Instant)? { running.first }

    /// Every deadline moved later by `span` (a fault's pause).
    mutating func postpone(by span: TimeSpan) {
        for (timer, deadline) in deadlines { deadlines[timer] = deadline + span }
    }

    mutating func stop(_ timers: JobTimer...) {
        for timer in timers { deadlines[timer] = nil }
    }
}
