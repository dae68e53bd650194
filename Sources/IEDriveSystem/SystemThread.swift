import CSystemSupport
import Glibc

/// Detached POSIX threads for blocking jobs (a pipe's reads or writes), outside libdispatch's
/// pools: a thread blocked in read(2) for the life of a drive must not hold a pool thread.
public enum SystemThread {
    private final class Job {
        let name: String
        let body: @Sendable () -> Void
        init(_ name: String, _ body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `body` on a new detached thread named `name` (at most 15 bytes show in /proc),
    /// with `stackBytes` of stack (address space; only touched pages count). Fails when no
    /// thread can be had (`pthread_create`'s `EAGAIN`: the process is at its limit).
    public static func start(name: String, stackBytes: Int = 512 << 10,
                             _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let job = Unmanaged.passRetained(Job(name, body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, stackBytes)
        var thread = pthread_t()
        do {
            try SystemCall.funnel("pthread_create", name, retryOnInterrupt: false) {
                SystemCall.returned(pthread_create(&thread, &attributes, { context in
                    let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                    _ = iedrive_name_this_thread(job.name)
                    job.body()
                    return nil
                }, job))
            }
        } catch {
            Unmanaged<Job>.fromOpaque(job).release()
            throw error
        }
    }
}

/// A pthread mutex with one condition variable (on the monotonic clock), for threads that
/// block: state is changed under ``withLock(_:)``, and a thread that must wait for a change
/// calls ``wait()`` (or ``wait(seconds:)``) inside it. Changes someone may wait for end with
/// ``broadcast()``.
public final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a ``broadcast()``; only inside ``withLock(_:)``. Wake-ups may be spurious:
    /// call it in a loop that checks the condition.
    public func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Like ``wait()``, at most `seconds`.
    public func wait(seconds: Double) {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + Int(seconds * 1e9)
        deadline.tv_sec += nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
