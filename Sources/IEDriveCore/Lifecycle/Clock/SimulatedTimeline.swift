/// Maps the daemon's real clock to simulated time. A value: the daemon reads its real clock and
/// asks `simulatedNow(atReal:)`; changing mode or stepping re-anchors the line so simulated time
/// stays continuous and never runs backwards.
public struct SimulatedTimeline: Sendable, Hashable {
    public private(set) var mode: ClockMode
    /// The real instant at which `simulatedAnchor` was true.
    public private(set) var realAnchor: Instant
    public private(set) var simulatedAnchor: Instant

    /// Simulated time `simulatedStart` at real time `realNow`, moving as `mode` says.
    public init(mode: ClockMode, simulatedStart: Instant, realNow: Instant) {
        self.mode = mode
        self.realAnchor = realNow
        self.simulatedAnchor = simulatedStart
    }

    /// Simulated time at real time `real` (`real` before the anchor counts as the anchor).
    public func simulatedNow(atReal real: Instant) -> Instant {
        simulatedAnchor + mode.simulatedElapsed(real: real - realAnchor)
    }

    /// Switch modes at real time `real` without a jump in simulated time.
    public mutating func switchMode(to newMode: ClockMode, atReal real: Instant) {
        reanchor(atReal: real)
        mode = newMode
    }

    /// Move simulated time forward by `span` (any mode; the only way `manual` moves).
    /// Returns false, changing nothing, for a negative span.
    @discardableResult
    public mutating func step(by span: TimeSpan, atReal real: Instant) -> Bool {
        guard span.milliseconds >= 0 else { return false }
        reanchor(atReal: real)
        simulatedAnchor = simulatedAnchor + span
        return true
    }

    /// Jump to the simulated instant `target`. Returns false, changing nothing, if that is in the
    /// simulated past: timers that fired cannot un-fire.
    @discardableResult
    public mutating func jump(to target: Instant, atReal real: Instant) -> Bool {
        let now = simulatedNow(atReal: real)
        guard target >= now else { return false }
        return step(by: target - now, atReal: real)
    }

    private mutating func reanchor(atReal real: Instant) {
        simulatedAnchor = simulatedNow(atReal: real)
        realAnchor = max(real, realAnchor)
    }
}
