import Synchronization

/// Fan-out of `DaemonEvent`s to any number of listeners. A slow listener loses the oldest
/// events it has not read (it never blocks the daemon); lifecycle events can be re-read from
/// the store by id.
public final class EventHub: Sendable {
    private let listeners = Mutex<[UInt64: AsyncStream<DaemonEvent>.Continuation]>([:])
    private let nextID = Atomic<UInt64>(0)

    public init() {}

    public func publish(_ event: DaemonEvent) {
        for listener in listeners.withLock({ Array($0.values) }) { listener.yield(event) }
    }

    public func subscribe(buffer: Int = 4096) -> AsyncStream<DaemonEvent> {
        let (stream, continuation) = AsyncStream<DaemonEvent>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        let id = nextID.add(1, ordering: .relaxed).newValue
        listeners.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.listeners.withLock { $0.removeValue(forKey: id) } }
        return stream
    }

    /// Ends every listener's stream (shutdown).
    public func finish() {
        for listener in listeners.withLock({ let all = Array($0.values); $0.removeAll(); return all }) {
            listener.finish()
        }
    }
}
