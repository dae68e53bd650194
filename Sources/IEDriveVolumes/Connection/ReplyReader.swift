import Dispatch
import IEDriveCore
import IEDriveSystem

/// The reply pipe's reading end, owned by one thread that reads it with poll(2) and read(2)
/// into one reused 1 MiB buffer, decodes frames and hands them to the one consumer of
/// ``next()``. The thread is the only one that touches or closes the descriptor.
///
/// Replies are read in pieces of up to 1 MiB (pipes move about 7 times more per second with
/// 1 MiB than with 128 KiB pieces) and only while fewer than ``bufferedFrameLimit`` decoded
/// frames wait to be taken, so a slow consumer holds the reader back instead of letting
/// replies pile up in memory. The same thread is the watchdog: a consumer that waits longer
/// than the timeout with nothing arriving gets ``ReaderFailure/Kind/readerTimedOut`` and the
/// reader is killed.
final class ReplyReader: @unchecked Sendable {
    private let fd: Int32
    private let process: ReaderProcess
    private let timeout: Double
    private let lastWords: @Sendable () -> String?
    private let lock = ConditionLock()
    // Under `lock`:
    private var frames: [ReaderFrame] = []
    private var frameIndex = 0
    private var waiter: CheckedContinuation<ReaderFrame, any Error>?
    private var failure: ReaderFailure?
    private var lastProgress = DispatchTime.now().uptimeNanoseconds
    private var abandoned = false
    private var started = false
    // Only on the thread:
    private var decoder = ReaderFrameDecoder()

    static let readPiece = 1 << 20
    static let bufferedFrameLimit = 4

    /// `lastWords`: the reader's last log line, for the report of its death.
    init(fd: Int32, process: ReaderProcess, timeout: Duration, lastWords: @escaping @Sendable () -> String?) {
        self.fd = fd
        self.process = process
        self.timeout = timeout.inSeconds
        self.lastWords = lastWords
    }

    deinit {
        if !started { SystemCall.close(fd) }
    }

    func start() throws(SystemCallError) {
        try SystemThread.start(name: "replies \(process.pid)") { [self] in run() }
        lock.withLock { started = true }
    }

    /// The next reply frame, in order. Throws the connection's failure once the reader died,
    /// stopped answering, or sent something that is not the protocol.
    func next() async throws -> ReaderFrame {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<ReaderFrame, ReaderFailure>? = lock.withLock {
                precondition(waiter == nil, "ReaderConnection has one consumer")
                if let frame = takeFrame() { return .success(frame) }
                if let failure { return .failure(failure) }
                waiter = continuation
                lastProgress = DispatchTime.now().uptimeNanoseconds
                return nil
            }
            switch ready {
            case .success(let frame): continuation.resume(returning: frame)
            case .failure(let failure): continuation.resume(throwing: failure)
            case nil: break
            }
        }
    }

    /// Nobody will take more frames: the thread reads on and drops what comes until the
    /// reader's end closes, then closes its descriptor.
    func abandon() {
        lock.withLock {
            abandoned = true
            lock.broadcast()
        }
    }

    /// Records the connection's failure and hands it to a waiting consumer.
    func fail(_ newFailure: ReaderFailure) {
        let waiting: CheckedContinuation<ReaderFrame, any Error>? = lock.withLock {
            guard failure == nil else { return nil }
            failure = newFailure
            lock.broadcast()
            guard frameIndex >= frames.count else { return nil }
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(throwing: newFailure)
    }

    // MARK: - Under `lock`

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
        if frames.count - frameIndex < Self.bufferedFrameLimit { lock.broadcast() }
        return frame
    }

    // MARK: - On the thread

    private func run() {
        defer { SystemCall.close(fd) }
        var buffer = [UInt8](repeating: 0, count: Self.readPiece)
        let pollMilliseconds = Int32(max(50, min(1000, timeout * 1000 / 4)))
        while true {
            let discarding: Bool = lock.withLock {
                while !abandoned, failure == nil, frames.count - frameIndex >= Self.bufferedFrameLimit { lock.wait() }
                return abandoned || failure != nil
            }
            let count: Int
            do {
                // An interrupted poll comes back here (and the wait for room above) first.
                let ready = try SystemCall.poll(fd, for: .readable, timeoutMilliseconds: pollMilliseconds,
                                                subject: "the reply pipe", retryOnInterrupt: false)
                if ready.isEmpty {
                    if !discarding { checkWatchdog() }
                    continue
                }
                count = try buffer.withUnsafeMutableBytes { buffer in
                    Result { () throws(SystemCallError) in try SystemCall.read(fd, into: buffer, subject: "the reply pipe") }
                }.get()
            } catch where error.errno == .interrupted || error.errno == .resourceTemporarilyUnavailable {
                continue
            } catch {
                fail(ReaderFailure(.readerCrashed, "reading the reader's replies failed: \(error.errno)"))
                return
            }
            if count == 0 {
                if !discarding { streamEnded() }
                return
            }
            if discarding { continue }
            buffer.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            deliverFrames()
        }
    }

    private func deliverFrames() {
        var decoded: [ReaderFrame] = []
        var broken: ReaderFrameError?
        do {
            while let frame = try decoder.next() { decoded.append(frame) }
        } catch {
            broken = error
        }
        let handOff: (CheckedContinuation<ReaderFrame, any Error>, ReaderFrame)? = lock.withLock {
            lastProgress = DispatchTime.now().uptimeNanoseconds
            frames.append(contentsOf: decoded)
            guard let waiting = waiter, let frame = takeFrame() else { return nil }
            waiter = nil
            return (waiting, frame)
        }
        if let (waiting, frame) = handOff { waiting.resume(returning: frame) }
        if let broken {
            process.terminate()
            fail(ReaderFailure(.readerCrashed, "the reader broke the protocol (\(broken.message)); it was stopped"))
        }
    }

    private func checkWatchdog() {
        let waited: Double? = lock.withLock {
            guard waiter != nil, failure == nil else { return nil }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - lastProgress) / 1e9
            return waited >= timeout ? waited : nil
        }
        guard let waited else { return }
        process.terminate()
        fail(ReaderFailure(.readerTimedOut, "the drive stopped answering: the reader sent nothing for " +
                           "\(Int(waited.rounded())) s (limit \(Int(timeout.rounded())) s) and was stopped"))
    }

    /// The reader closed its reply pipe: it exited (or is about to). Why?
    private func streamEnded() {
        let status = process.reap(graceful: true)
        let lastWords = lastWords().map { " Last message: \($0)" } ?? ""
        if let signal = status.terminationSignal {
            fail(ReaderFailure(.readerCrashed, "the reader process died of signal \(signal.rawValue) (\(signal))" +
                               " while parsing the drive.\(lastWords)"))
        } else {
            fail(ReaderFailure(.readerCrashed, "the reader process exited with status \(status.exitStatus) " +
                               "before answering.\(lastWords)"))
        }
    }
}
