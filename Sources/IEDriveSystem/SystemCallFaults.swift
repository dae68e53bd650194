import Synchronization

/// Failures a test makes named system calls return, in its own task only.
///
/// ```swift
/// let faults = SystemCallFaults(failing: "syncfs", with: .noSpace)
/// try SystemCallFaults.$current.withValue(faults) {
///     #expect(throws: TargetError.full(…)) { try target.syncStaged() }
/// }
/// #expect(faults.injected.count == 1)
/// ```
///
/// Before each attempt at a call, ``SystemCall``'s funnel asks the ``current`` faults; when
/// a rule matches the call's C name (and subject, if the rule names one), that attempt fails
/// with the rule's errno without reaching the system, and goes on through the funnel like a
/// real failure (an injected `EINTR` is retried where the call retries it).
///
/// Why a task-local: Swift Testing runs the tests of a process in parallel. A global switch
/// (swift-system's mocking, a debug-only static) set by one test would make the same calls of
/// every test running at that moment fail too, or need all of them serialized. A task-local
/// value is seen only by the task that binds it with `$current.withValue` and the tasks it
/// starts (child tasks, `Task {}`), so a test's faults cannot leak into another test, and
/// they end with the closure. The flip side: work a test's task hands to another thread
/// (a Dispatch queue, a thread of its own, `Task.detached`) runs without them; inject
/// faults into calls the task makes itself.
public final class SystemCallFaults: Sendable {
    /// One kind of failure: calls named `call` (and, when `subject` is given, made on a
    /// subject containing it) fail with `errno`, after the first `after` matching calls and
    /// `times` times in all (nil: every time).
    public struct Rule: Sendable {
        public var call: String
        public var errno: Errno
        public var subject: String?
        public var after: Int
        public var times: Int?

        public init(call: String, errno: Errno, subject: String? = nil, after: Int = 0, times: Int? = nil) {
            self.call = call
            self.errno = errno
            self.subject = subject
            self.after = after
            self.times = times
        }
    }

    /// The faults of the running task; nil (the usual case): none.
    @TaskLocal public static var current: SystemCallFaults?

    private struct State {
        var rules: [Rule]
        var matched: [Int]
        var injected: [String] = []
    }

    private let state: Mutex<State>

    public init(_ rules: [Rule]) {
        state = Mutex(State(rules: rules, matched: Array(repeating: 0, count: rules.count)))
    }

    public convenience init(failing call: String, with errno: Errno, subject: String? = nil, after: Int = 0, times: Int? = nil) {
        self.init([Rule(call: call, errno: errno, subject: subject, after: after, times: times)])
    }

    /// Each failure injected so far, as `call subject`, in order.
    public var injected: [String] { state.withLock { $0.injected } }

    /// The errno the next attempt at `call` on `subject` is to fail with, if any.
    func failure(for call: String, subject: String) -> Errno? {
        state.withLock { state in
            for index in state.rules.indices {
                let rule = state.rules[index]
                guard rule.call == call, rule.subject.map({ subject.contains($0) }) ?? true else { continue }
                state.matched[index] += 1
                let injectedSoFar = state.matched[index] - 1 - rule.after
                guard injectedSoFar >= 0, injectedSoFar < rule.times ?? Int.max else { continue }
                state.injected.append(subject.isEmpty ? call : "\(call) \(subject)")
                return rule.errno
            }
            return nil
        }
    }
}
