import CProcessSupport
#if canImport(Glibc)
import Glibc
#endif

/// Starts a detached POSIX thread for one blocking job (a pipe's reads or writes), outside
/// libdispatch's pools: a thread blocked in read(2) for the life of a drive must not hold a
/// pool thread.
enum DedicatedThread {
    private final class Job {
        let name: String
        let body: @Sendable () -> Void
        init(_ name: String, _ body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `body` on a new thread named `name` (at most 15 bytes show in /proc; the pipe
    /// threads are "request PID", "replies PID" and "log PID" of their reader). Throws the
    /// errno when no thread can be had (the process is at its limit).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(ThreadStartError) {
        let job = Unmanaged.passRetained(Job(name, body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // 512 KiB of stack (address space; only touched pages count): these threads move
        // bytes (the buffers are on the heap) and call the configuration's log closure.
        pthread_attr_setstacksize(&attributes, 512 << 10)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
            _ = iedrive_name_this_thread(job.name)
            job.body()
            return nil
        }, job)
        guard status == 0 else {
            Unmanaged<Job>.fromOpaque(job).release()
            throw ThreadStartError(errno: status)
        }
    }
}

/// pthread_create failed with `errno`.
struct ThreadStartError: Error {
    var errno: Int32
}
