import IEDriveSystem

/// The request pipe's writing end, owned by one thread: frames are queued by ``send(_:)``
/// (never blocks) and written in order with blocking write(2); ``close()`` lets the thread
/// write what is queued, close the descriptor and end. The thread is the only one that ever
/// touches or closes the descriptor.
final class RequestWriter: @unchecked Sendable {
    private let fd: Int32
    private let pid: Int32
    private let log: @Sendable (String) -> Void
    private let lock = ConditionLock()
    // Under `lock`:
    private var pending: [[UInt8]] = []
    private var closing = false
    private var stopped = false
    private var started = false

    init(fd: Int32, pid: Int32, log: @escaping @Sendable (String) -> Void) {
        self.fd = fd
        self.pid = pid
        self.log = log
    }

    deinit {
        // The thread holds this object while it runs: here it either ended (and closed the
        // descriptor) or never started.
        if !started { SystemCall.close(fd) }
    }

    func start() throws(SystemCallError) {
        try SystemThread.start(name: "request \(pid)") { [self] in run() }
        lock.withLock { started = true }
    }

    func send(_ bytes: [UInt8]) {
        lock.withLock {
            guard !closing, !stopped else { return }
            pending.append(bytes)
            lock.broadcast()
        }
    }

    /// Ends the stream once the queued frames are written (the reader's signal to finish).
    func close() {
        lock.withLock {
            closing = true
            lock.broadcast()
        }
    }

    private func run() {
        // A reader that exited makes write(2) fail with EPIPE; the SIGPIPE that comes with it
        // is directed at this thread, and blocked here it cannot end the process.
        try? SystemCall.blockOnThisThread(.brokenPipe)
        defer { SystemCall.close(fd) }
        while true {
            let batch: [[UInt8]] = lock.withLock {
                while pending.isEmpty, !closing { lock.wait() }
                defer { pending.removeAll() }
                return pending
            }
            if batch.isEmpty { return }   // closing, and all written
            for bytes in batch {
                do {
                    try SystemCall.writeAll(fd, bytes, subject: "the request pipe")
                } catch {
                    // The reader closed its end: it exited; the reply side reports why.
                    log("reader \(pid): request pipe: \(error.errno)")
                    lock.withLock { stopped = true; pending.removeAll() }
                    return
                }
            }
        }
    }
}
