import Synchronization

/// Lets the supervisor stop a drive's work from outside: marks it stopping, which the copy
/// asks before each piece (a mapped copy reads the drive itself), and runs what the drive's
/// session registered (it kills the reader, so a read through it ends at once too). The work
/// resumes later from its journal.
public final class StopSignal: Sendable {
    private struct State {
        var actions: [UInt64: @Sendable () -> Void] = [:]
        var nextToken: UInt64 = 0
        var stopping = false
    }
    private let state = Mutex(State())

    public init() {}

    public var isStopping: Bool { state.withLock { $0.stopping } }

    /// Runs `action` when the signal is stopped (at once when it already is); returns a token
    /// for ``cancel(_:)``.
    @discardableResult
    public func onStop(_ action: @escaping @Sendable () -> Void) -> UInt64 {
        let (token, stopNow) = state.withLock { state -> (UInt64, Bool) in
            state.nextToken += 1
            if !state.stopping { state.actions[state.nextToken] = action }
            return (state.nextToken, state.stopping)
        }
        if stopNow { action() }
        return token
    }

    /// Forgets an action registered with ``onStop(_:)`` (its work ended).
    public func cancel(_ token: UInt64) {
        _ = state.withLock { $0.actions.removeValue(forKey: token) }
    }

    public func stop() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            state.stopping = true
            defer { state.actions.removeAll() }
            return Array(state.actions.values)
        }
        for action in actions { action() }
    }
}
