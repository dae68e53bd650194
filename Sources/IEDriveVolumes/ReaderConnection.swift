import Dispatch
import IEDriveCore
#if canImport(Glibc)
import Glibc
#endif

/// The parent's end of one reader process: request frames out and reply frames in, both
/// through Dispatch I/O stream channels on the pipes, the reader's stderr collected as log
/// lines, a watchdog for a reader that stops answering, and the child's exit status.
///
/// Replies are read in pieces of up to 1 MiB (pipes move about 7 times more per second with
/// 1 MiB than with 128 KiB pieces) and only while fewer than ``bufferedFrameLimit`` decoded
/// frames wait to be taken, so a slow consumer holds the reader back instead of letting
/// replies pile up in memory. One consumer takes frames with ``nextFrame()``.
final class ReaderConnection: @unchecked Sendable {
    let pid: pid_t
    private let queue = DispatchQueue(label: "iedrive.reader.connection")
    private let requests: DispatchIO
    private let replies: DispatchIO
    private let logs: DispatchIO
    private let timeout: Duration
    private let log: @Sendable (String) -> Void

    // All below: only on `queue`.
    private var decoder = ReaderFrameDecoder()
    private var frames: [ReaderFrame] = []
    private var frameIndex = 0
    private var waiter: CheckedContinuation<ReaderFrame, any Error>?
    private var readInFlight = false
    private var endOfReplies = false
    private var failure: ReaderFailure?
    private var lastProgress = DispatchTime.now()
    private var watchdog: (any DispatchSourceTimer)?
    private var logBuffer: [UInt8] = []
    private var logTail: [String] = []
    private let reaper = DispatchQueue(label: "iedrive.reader.reaper")
    private var exitStatus: Int32?   // only on `reaper`
    private var usage = rusage()      // only on `reaper`
    private var killed = false       // only on `reaper`
    private var closed = false

    static let readPiece = 1 << 20
    static let bufferedFrameLimit = 4

    init(pid: pid_t, requestFD: Int32, replyFD: Int32, logFD: Int32, timeout: Duration,
         log: @escaping @Sendable (String) -> Void) {
        self.pid = pid
        self.timeout = timeout
        self.log = log
        // Clean-up handlers (which close the descriptors) run on a global queue: `queue` may be
        // waiting for the reader to exit, which needs the request pipe closed first.
        let cleanup = DispatchQueue.global()
        requests = DispatchIO(type: .stream, fileDescriptor: requestFD, queue: cleanup) { _ in Self.closeLater(requestFD) }
        replies = DispatchIO(type: .stream, fileDescriptor: replyFD, queue: cleanup) { _ in Self.closeLater(replyFD) }
        logs = DispatchIO(type: .stream, fileDescriptor: logFD, queue: cleanup) { _ in Self.closeLater(logFD) }
        replies.setLimit(lowWater: 1)
        replies.setLimit(highWater: Self.readPiece)
        logs.setLimit(lowWater: 1)
        queue.async { [self] in
            readLogs()
            startWatchdog()
        }
    }

    deinit {
        // No channel is closed here: the last reference often goes away inside a channel's own
        // read handler (end of the reply stream), and closing a Dispatch I/O channel from its
        // handler while it is being released crashed libdispatch's event loop (SIGSEGV in
        // _dispatch_event_loop_drain). Released channels close themselves and run their
        // clean-up handlers, which close the descriptors.
        watchdog?.cancel()
        if reaper.sync(execute: { exitStatus }) == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
    }

    /// Closes a pipe descriptor a little after its channel let go of it. Closing it at once in
    /// the clean-up handler let the number be reused (SQLite, the target's files) while Linux
    /// libdispatch still had the old pipe registered with epoll, and its manager thread then
    /// crashed (SIGSEGV in _dispatch_event_loop_drain, about 1 import in 10 with a busy target).
    static func closeLater(_ fd: Int32) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(2)) { close(fd) }
    }

    /// Sends one frame; never blocks (Dispatch I/O queues the write).
    func send(_ frame: ReaderFrame) {
        let bytes = frame.encoded
        queue.async { [self] in
            guard !closed, failure == nil else { return }
            let data = bytes.withUnsafeBytes { DispatchData(bytes: $0) }
            requests.write(offset: 0, data: data, queue: queue) { [self] done, _, error in
                if done, error != 0, error != ECANCELED {
                    // The reader closed its end: it exited; the reply side reports why.
                    log("reader \(pid): request pipe: \(String(cString: strerror(error)))")
                }
            }
        }
    }

    /// The next reply frame, in order. Throws the connection's failure once the reader died,
    /// stopped answering, or sent something that is not the protocol.
    func nextFrame() async throws -> ReaderFrame {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                precondition(waiter == nil, "ReaderConnection has one consumer")
                if let frame = takeFrame() {
                    continuation.resume(returning: frame)
                } else if let failure {
                    continuation.resume(throwing: failure)
                } else {
                    waiter = continuation
                    lastProgress = .now()
                    readMoreIfNeeded()
                }
            }
        }
    }

    /// Closes the request pipe (the reader's signal to finish), waits for its exit up to the
    /// timeout, kills it otherwise, and returns its wait status.
    func finish() async -> ReaderExit {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                if !closed {
                    closed = true
                    requests.close()
                }
                watchdog?.cancel()
                DispatchQueue.global().async { [self] in
                    let status = reap(graceful: true)
                    let usage = reaper.sync { self.usage }
                    continuation.resume(returning: ReaderExit(
                        status: status,
                        peakResidentBytes: UInt64(max(0, usage.ru_maxrss)) * 1024,
                        cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6))
                }
            }
        }
    }

    /// Kills the reader now.
    func terminate() {
        kill(pid, SIGKILL)
        reaper.async { [self] in killed = true }
    }

    /// The last lines the reader logged, for failure reports.
    func recentLog() async -> [String] {
        await withCheckedContinuation { continuation in
            queue.async { [self] in continuation.resume(returning: logTail) }
        }
    }

    // MARK: - On `queue`

    private func takeFrame() -> ReaderFrame? {
        guard frameIndex < frames.count else { return nil }
        let frame = frames[frameIndex]
        frameIndex += 1
        // Taken frames must not stay referenced (their payloads would pile up while new
        // frames keep arriving): drop them once all are taken, or in blocks of 64.
        if frameIndex == frames.count {
            frames.removeAll(keepingCapacity: true)
            frameIndex = 0
        } else if frameIndex >= 64 {
            frames.removeFirst(frameIndex)
            frameIndex = 0
        }
        readMoreIfNeeded()
        return frame
    }

    private func readMoreIfNeeded() {
        guard !readInFlight, !endOfReplies, failure == nil,
              frames.count - frameIndex < Self.bufferedFrameLimit else { return }
        readInFlight = true
        replies.read(offset: 0, length: Self.readPiece, queue: queue) { [self] done, data, error in
            if let data, !data.isEmpty {
                lastProgress = .now()
                data.enumerateBytes { buffer, _, _ in decoder.feed(UnsafeRawBufferPointer(buffer)) }
                decodeFrames()
            }
            guard done else { return }
            readInFlight = false
            if error != 0 && error != ECANCELED {
                fail(ReaderFailure(.readerCrashed, "reading the reader's replies failed: \(String(cString: strerror(error)))"))
            } else if data?.isEmpty ?? true {
                endOfReplies = true
                replyStreamEnded()
            }
            readMoreIfNeeded()
        }
    }

    private func decodeFrames() {
        do {
            while let frame = try decoder.next() { frames.append(frame) }
        } catch {
            terminate()
            fail(ReaderFailure(.readerCrashed, "the reader broke the protocol (\(error.message)); it was stopped"))
            return
        }
        if let waiter, let frame = takeFrame() {
            self.waiter = nil
            waiter.resume(returning: frame)
        }
    }

    private func replyStreamEnded() {
        guard failure == nil else { return }
        // The reader closed its reply pipe: it exited (or is about to). Why?
        let status = reap(graceful: true)
        let lastWords = logTail.last.map { " Last message: \($0)" } ?? ""
        let failure: ReaderFailure
        if WIFSIGNALED(status) {
            let signal = WTERMSIG(status)
            failure = ReaderFailure(.readerCrashed, "the reader process died of signal \(signal) (\(String(cString: strsignal(signal))))" +
                                    " while parsing the drive.\(lastWords)")
        } else {
            failure = ReaderFailure(.readerCrashed, "the reader process exited with status \(WEXITSTATUS(status)) " +
                                    "before answering.\(lastWords)")
        }
        fail(failure)
    }

    private func fail(_ failure: ReaderFailure) {
        guard self.failure == nil else { return }
        self.failure = failure
        if let waiter, frameIndex >= frames.count {
            self.waiter = nil
            waiter.resume(throwing: failure)
        }
    }

    private func startWatchdog() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let interval = max(0.05, min(1.0, seconds / 4))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in
            guard let self, waiter != nil, failure == nil else { return }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - lastProgress.uptimeNanoseconds) / 1e9
            if waited >= seconds {
                terminate()
                fail(ReaderFailure(.readerTimedOut, "the drive stopped answering: the reader sent nothing for " +
                                   "\(Int(waited.rounded())) s (limit \(Int(seconds.rounded())) s) and was stopped"))
            }
        }
        timer.resume()
        watchdog = timer
    }

    private func readLogs() {
        logs.read(offset: 0, length: Int.max, queue: queue) { [self] done, data, _ in
            if let data {
                data.enumerateBytes { buffer, _, _ in logBuffer.append(contentsOf: buffer) }
                while let newline = logBuffer.firstIndex(of: 10) {
                    emitLog(Array(logBuffer[..<newline]))
                    logBuffer.removeSubrange(...newline)
                }
                if logBuffer.count > 64 << 10 {   // a runaway line: cut it
                    emitLog(logBuffer)
                    logBuffer.removeAll()
                }
            }
            if done, !logBuffer.isEmpty {
                emitLog(logBuffer)
                logBuffer.removeAll()
            }
        }
    }

    private func emitLog(_ bytes: [UInt8]) {
        let line = LogRedaction.redact(String(decoding: bytes, as: UTF8.self))
        guard !line.isEmpty else { return }
        logTail.append(line)
        if logTail.count > 20 { logTail.removeFirst() }
        log("reader \(pid): \(line)")
    }

    private func reap(graceful: Bool) -> Int32 {
        reaper.sync { reapOnReaper(graceful: graceful) }
    }

    /// Waits for the child. Graceful: up to 5 s (none once it was killed), then SIGKILL and
    /// up to 2 s more. A reader held in an uninterruptible read by a hung device dies only
    /// when that read returns, perhaps never: then it is reaped in the background whenever it
    /// dies and counts as killed, so the drive can still be reported.
    private func reapOnReaper(graceful: Bool) -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        if !graceful || killed || !waitForExit(&status, seconds: 5) {
            kill(pid, SIGKILL)
            if !waitForExit(&status, seconds: 2) {
                let pid = self.pid
                log("reader \(pid): still alive 2 s after SIGKILL (held in a device read?); it is reaped when it dies")
                DispatchQueue.global().async {
                    var status: Int32 = 0
                    _ = waitpid(pid, &status, 0)
                }
                status = SIGKILL
            }
        }
        exitStatus = status
        return status
    }

    private func waitForExit(_ status: inout Int32, seconds: UInt64) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + seconds * 1_000_000_000
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            if DispatchTime.now().uptimeNanoseconds > deadline { return false }
            usleep(2_000)
        }
        return true
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

// The wait-status macros are not imported into Swift.
func WIFSIGNALED(_ status: Int32) -> Bool { (status & 0x7f) != 0 && (status & 0x7f) != 0x7f }
func WTERMSIG(_ status: Int32) -> Int32 { status & 0x7f }
func WEXITSTATUS(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
