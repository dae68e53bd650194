import Dispatch
import IEDriveSystem

/// The reader's stderr, read by one thread with blocking read(2) until it ends: each line
/// goes through ``LogRedaction`` to the log, and the last 20 are kept for failure reports.
/// The thread is the only one that touches or closes the descriptor.
final class LogReader: @unchecked Sendable {
    private let fd: Int32
    private let pid: Int32
    private let log: @Sendable (String) -> Void
    private let lock = ConditionLock()
    // Under `lock`:
    private var tail: [String] = []
    private var ended = false
    private var started = false

    static let longestLine = 64 << 10

    init(fd: Int32, pid: Int32, log: @escaping @Sendable (String) -> Void) {
        self.fd = fd
        self.pid = pid
        self.log = log
    }

    deinit {
        if !started { SystemCall.close(fd) }
    }

    func start() throws(SystemCallError) {
        try SystemThread.start(name: "log \(pid)") { [self] in run() }
        lock.withLock { started = true }
    }

    /// The last line logged, once the log ended (the reader exited: its last words may still
    /// be in the pipe) or `seconds` passed.
    func lastLine(waitingUpTo seconds: Double) -> String? {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        return lock.withLock {
            while !ended, started, DispatchTime.now().uptimeNanoseconds < deadline {
                lock.wait(seconds: Double(deadline - DispatchTime.now().uptimeNanoseconds) / 1e9)
            }
            return tail.last
        }
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        var line: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { (try? SystemCall.read(fd, into: $0, subject: "the reader's log pipe")) ?? -1 }
            if count <= 0 { break }
            var start = 0
            for index in 0..<count where buffer[index] == 10 {
                line.append(contentsOf: buffer[start..<index])
                emit(line)
                line.removeAll(keepingCapacity: true)
                start = index + 1
            }
            line.append(contentsOf: buffer[start..<count])
            if line.count > Self.longestLine {   // a runaway line: cut it
                emit(line)
                line.removeAll()
            }
        }
        if !line.isEmpty { emit(line) }
        SystemCall.close(fd)
        lock.withLock {
            ended = true
            lock.broadcast()
        }
    }

    private func emit(_ bytes: [UInt8]) {
        let line = LogRedaction.redact(String(decoding: bytes, as: UTF8.self))
        guard !line.isEmpty else { return }
        lock.withLock {
            tail.append(line)
            if tail.count > 20 { tail.removeFirst() }
        }
        log("reader \(pid): \(line)")
    }
}
