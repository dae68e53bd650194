import Dispatch
import IEDriveCore
import IEDriveSystem

/// The parent's end of one reader process: request frames out and reply frames in, the
/// reader's stderr collected as log lines, a watchdog for a reader that stops answering, and
/// the child's exit status.
///
/// Each pipe belongs to one dedicated thread doing blocking (or polled) read(2)/write(2), and
/// that thread alone closes its descriptor when it is done with it. No Dispatch I/O channel
/// or dispatch source watches these pipes: Linux libdispatch multiplexes every fd source of
/// the process through one epoll set whose entries point at "muxnotes" keyed by descriptor
/// number, and tearing such sources down (channel close, EPOLLHUP when the reader exits)
/// while other descriptors come and go can leave an epoll entry pointing at a freed muxnote;
/// its manager thread then dereferences it and the whole process dies (SIGSEGV in
/// `_dispatch_event_loop_drain`, about 1 short import in 10 here; upstream
/// swift-corelibs-libdispatch issue 949, and the reason swift-subprocess moved off
/// DispatchIO on Linux). Closing descriptors later only made the window smaller. A daemon
/// runs many drives in one process for weeks: the pipes must not depend on that code.
final class ReaderConnection: Sendable {
    let pid: Int32
    private let process: ReaderProcess
    private let requests: RequestWriter
    private let replies: ReplyReader
    private let logs: LogReader

    /// Takes ownership of the three descriptors (each is closed exactly once, by its thread,
    /// or here when its thread never started). Call ``start()`` next.
    init(pid: Int32, requestFD: Int32, replyFD: Int32, logFD: Int32, timeout: Duration,
         log: @escaping @Sendable (String) -> Void) {
        self.pid = pid
        let process = ReaderProcess(pid: pid, log: log)
        let logs = LogReader(fd: logFD, pid: pid, log: log)
        self.process = process
        self.logs = logs
        requests = RequestWriter(fd: requestFD, pid: pid, log: log)
        replies = ReplyReader(fd: replyFD, process: process, timeout: timeout,
                              lastWords: { logs.lastLine(waitingUpTo: 1) })
    }

    /// Starts the pipe threads. On failure the reader is killed (its pipes then end, and the
    /// threads that did start close theirs).
    func start() throws(SystemCallError) {
        do {
            try logs.start()
            try replies.start()
            try requests.start()
        } catch {
            terminate()
            throw error
        }
    }

    deinit {
        requests.close()
        replies.abandon()
        if !process.hasBeenReaped { _ = process.reap(graceful: false) }
    }

    /// Sends one frame; never blocks (the request thread writes it).
    func send(_ frame: ReaderFrame) {
        requests.send(frame.encoded)
    }

    /// The next reply frame, in order. Throws the connection's failure once the reader died,
    /// stopped answering, or sent something that is not the protocol.
    func nextFrame() async throws -> ReaderFrame {
        try await replies.next()
    }

    /// Closes the request pipe (the reader's signal to finish), waits for its exit up to the
    /// timeout, kills it otherwise, and returns its wait status.
    func finish() async -> ReaderExit {
        requests.close()
        let process = self.process
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let status = process.reap(graceful: true)
                let usage = process.resourceUsage
                continuation.resume(returning: ReaderExit(status: status.rawValue, peakResidentBytes: usage.peakResidentBytes,
                                                          cpuSeconds: usage.cpuSeconds))
            }
        }
    }

    /// Kills the reader now.
    func terminate() {
        process.terminate()
    }
}

/// How a reader process ended and what it used.
public struct ReaderExit: Sendable, Hashable {
    /// The wait status (0: exited cleanly).
    public var status: Int32
    /// Its peak resident memory and CPU time (user + system).
    public var peakResidentBytes: UInt64
    public var cpuSeconds: Double
}
