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

/// The running timers of a job: each has a start and a deadline, and fires when simulated time
/// reaches the deadline (not a millisecond before).
public struct JobTimers: Sendable, Hashable, Codable {
    /// One running timer.
    public struct Entry: Sendable, Hashable, Codable {
        public var startedAt: Instant
        public var deadline: Instant

        public init(startedAt: Instant, deadline: Instant) {
            self.startedAt = startedAt
            self.deadline = deadline
        }
    }

    private var entries: [JobTimer: Entry] = [:]

    public init() {}

    /// The timer's deadline, nil when it is not running.
    public subscript(timer: JobTimer) -> Instant? { entries[timer]?.deadline }

    public func entry(_ timer: JobTimer) -> Entry? { entries[timer] }

    /// (Re)start `timer` at `start`, due at `deadline`.
    public mutating func start(_ timer: JobTimer, at start: Instant, deadline: Instant) {
        entries[timer] = Entry(startedAt: start, deadline: deadline)
    }

    /// (Re)start `timer` at `start` for `length`.
    public mutating func start(_ timer: JobTimer, at start: Instant, for length: TimeSpan) {
        self.start(timer, at: start, deadline: start + length)
    }

    public mutating func stop(_ timers: JobTimer...) {
        for timer in timers { entries[timer] = nil }
    }

    /// The running timers, earliest first.
    public var running: [(timer: JobTimer, deadline: Instant)] {
        entries.map { (timer: $0.key, deadline: $0.value.deadline) }
            .sorted { $0.deadline != $1.deadline ? $0.deadline < $1.deadline : $0.timer < $1.timer }
    }

    /// The next timer to fire.
    public var next: (timer: JobTimer, deadline: Instant)? { running.first }

    /// Time stood still from `pausedAt` to `resumedAt` (a fault): each deadline moves later by
    /// the part of that pause after its timer started.
    mutating func resume(pausedAt: Instant, resumedAt: Instant) {
        for (timer, entry) in entries {
            let pauseStart = max(pausedAt, entry.startedAt)
            guard resumedAt > pauseStart else { continue }
            entries[timer]?.deadline = entry.deadline + (resumedAt - pauseStart)
        }
    }
}

extension JobTimers {
    /// On disk and on the wire: an object keyed by the timer's name (`receipt`, `inTransit`, …),
    /// each value `{"startedAt": …, "deadline": …}`. An unknown name is an error, not skipped:
    /// a timer must not vanish silently.
    private struct TimerName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TimerName.self)
        for key in container.allKeys {
            guard let timer = JobTimer(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                       debugDescription: "unknown job timer '\(key.stringValue)'")
            }
            entries[timer] = try container.decode(Entry.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TimerName.self)
        for timer in JobTimer.allCases {
            guard let entry = entries[timer] else { continue }
            try container.encode(entry, forKey: TimerName(stringValue: timer.rawValue))
        }
    }
}
