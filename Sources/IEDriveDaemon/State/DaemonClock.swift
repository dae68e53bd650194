import Foundation
public import IEDriveCore
import IEDriveSystem
import Synchronization

/// The daemon's one clock: real time mapped to simulated time (`SimulatedTimeline`). Every
/// timer, transition and timestamp reads `now()`; `sim advance` steps it. Thread-safe.
public final class DaemonClock: SimulationClock {
    private let timeline: Mutex<SimulatedTimeline>
    private let readReal: @Sendable () -> Instant
    private let stepped: Mutex<[UUID: AsyncStream<Void>.Continuation]>

    public init(mode: ClockMode, simulatedStart: Instant? = nil,
                readReal: @escaping @Sendable () -> Instant = DaemonClock.realNow) {
        let real = readReal()
        self.readReal = readReal
        timeline = Mutex(SimulatedTimeline(mode: mode, simulatedStart: max(simulatedStart ?? real, real), realNow: real))
        stepped = Mutex([:])
    }

    public var mode: ClockMode { timeline.withLock { $0.mode } }

    /// Simulated now.
    public func now() -> Instant {
        let real = readReal()
        return timeline.withLock { $0.simulatedNow(atReal: real) }
    }

    /// Moves simulated time forward; wakes every `changes()` listener.
    @discardableResult
    public func advance(by span: TimeSpan) -> Instant {
        let real = readReal()
        let now = timeline.withLock { line in
            line.step(by: span, atReal: real)
            return line.simulatedNow(atReal: real)
        }
        for continuation in stepped.withLock({ Array($0.values) }) { continuation.yield() }
        return now
    }

    /// A signal each time the clock is stepped by hand.
    public func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        stepped.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.stepped.withLock { $0.removeValue(forKey: id) } }
        return stream
    }

    @Sendable public static func realNow() -> Instant {
        Instant(millisecondsSinceEpoch: SystemClock.realtimeNanoseconds() / 1_000_000)
    }
}
