internal import IEDriveSystem
import Synchronization

/// Ends a writer process from another thread (a daemon stopping). The writer's client
/// attaches its pid while the process runs and detaches it before reaping, so a cancel never
/// signals a pid that may since belong to another process.
public final class WriterCancellation: Sendable {
    private struct State {
        var pid: Int32?
        var cancelled = false
    }

    private let state = Mutex(State())

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Cancels: the writer is killed now if it runs, and the client's waiting request gives up.
    public func cancel() {
        state.withLock { state in
            state.cancelled = true
            if let pid = state.pid { try? SystemCall.kill(pid, .kill) }
        }
    }

    func attach(_ pid: Int32) {
        state.withLock { state in
            state.pid = pid
            if state.cancelled { try? SystemCall.kill(pid, .kill) }
        }
    }

    func detach() {
        state.withLock { $0.pid = nil }
    }
}
