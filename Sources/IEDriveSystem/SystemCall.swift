import Glibc

/// The system calls iedrive makes, all of them, each a thin wrapper named after its C
/// function. Every wrapper goes through one funnel, ``funnel(_:_:retryOnInterrupt:_:)``,
/// which
///
/// - asks the task's ``SystemCallFaults`` first, so a test can make a named call fail;
/// - reads errno at once, in the same closure as the call, before anything else runs;
/// - retries `EINTR` when the wrapper says the call can be interrupted and retried
///   (`retryOnInterrupt:`), and nothing else;
/// - throws a ``SystemCallError`` naming the C call, what it was made on, and the ``Errno``.
///
/// Descriptors are plain `Int32`s, as the C calls and IEDriveCore's protocols have them; the
/// callers' names say what each holds (`deviceFD`, `replyFD`).
///
/// A few calls cannot fail (`getpid`, `geteuid`, `clock_gettime` on a valid clock) and skip
/// the funnel: there is no errno to capture.
public enum SystemCall {
    /// How one attempt at a call ended.
    enum Attempt<Value> {
        case done(Value)
        case failed(Errno)
    }

    /// The funnel. `attempt` makes the call once and reports how it went, with
    /// ``checked(_:)`` for calls that return -1 and set errno, ``returned(_:)`` for calls
    /// that return an errno value (`posix_spawn`, the pthread functions). `subject` is built
    /// only when a call fails or faults are being injected.
    static func funnel<Value>(
        _ call: String, _ subject: @autoclosure () -> String, retryOnInterrupt: Bool,
        _ attempt: () -> Attempt<Value>
    ) throws(SystemCallError) -> Value {
        while true {
            let outcome = SystemCallFaults.current?.failure(for: call, subject: subject()).map(Attempt.failed) ?? attempt()
            switch outcome {
            case .done(let value):
                return value
            case .failed(let errno) where errno == .interrupted && retryOnInterrupt:
                continue
            case .failed(let errno):
                throw SystemCallError(call: call, subject: subject(), errno: errno)
            }
        }
    }

    /// A call that returns -1 and sets errno on failure: errno read now.
    static func checked<Result: FixedWidthInteger>(_ result: Result) -> Attempt<Result> {
        result == -1 ? .failed(Errno(rawValue: Glibc.errno)) : .done(result)
    }

    /// A call that returns NULL and sets errno on failure.
    static func checked<Pointer>(_ result: Pointer?) -> Attempt<Pointer> {
        result.map(Attempt.done) ?? .failed(Errno(rawValue: Glibc.errno))
    }

    /// A call that returns 0 or an errno value (and leaves errno alone).
    static func returned(_ code: Int32) -> Attempt<Void> {
        code == 0 ? .done(()) : .failed(Errno(rawValue: code))
    }
}
