import Foundation
import Synchronization

/// A real `iedrive-reader` process, started the way iedrive starts it: posix_spawn with
/// fd 3 = the device opened read-only, 4 = the request pipe, 5 = the reply pipe, stdin and
/// stdout on /dev/null, stderr a pipe collected here; no other descriptor inherited.
public final class ReaderProcess {
    public let pid: Int32
    public let client: ReaderTestClient
    private var requestFD: Int32
    private let responseFD: Int32
    private let log: PipeCollector
    private var status: Int32?

    /// Spawns `executable` with `arguments` on the device or image at `device`.
    public init(executable: String = TestEnvironment.readerBinary, arguments: [String] = [], device: String) throws {
        let deviceFD = open(device, O_RDONLY | O_CLOEXEC)
        guard deviceFD >= 0 else { throw TestSupportError.setup("cannot open \(device): \(String(cString: strerror(errno)))") }
        defer { close(deviceFD) }
        let requests = try Self.pipe()
        let replies = try Self.pipe()
        let errors = try Self.pipe()
        defer { close(requests.read); close(replies.write); close(errors.write) }
        pid = try Self.spawn(executable, arguments, childFDs: [deviceFD, requests.read, replies.write], stderr: errors.write)
        requestFD = requests.write
        responseFD = replies.read
        log = PipeCollector(fd: errors.read)
        client = ReaderTestClient(requestFD: requestFD, responseFD: responseFD)
    }

    deinit {
        closeRequests()
        close(responseFD)
        if status == nil {
            kill(pid, SIGKILL)
            _ = try? waitForExit()
        }
    }

    /// Closes the request pipe (end of input for the reader).
    public func closeRequests() {
        if requestFD >= 0 { close(requestFD) }
        requestFD = -1
    }

    /// Waits for the process; its exit status (128 + signal when killed).
    public func waitForExit() throws -> Int32 {
        if let status { return status }
        let raw = try Self.wait(pid)
        status = raw
        return raw
    }

    /// What the reader wrote to stderr (complete once it has exited).
    public var stderr: String { log.text() }

    /// Runs `executable` with only stdin, stdout and stderr (no fds 3–5): exit status and stderr.
    public static func runWithoutDescriptors(executable: String = TestEnvironment.readerBinary,
                                             arguments: [String] = []) throws -> (status: Int32, stderr: String) {
        let errors = try pipe()
        let pid: pid_t
        do {
            defer { close(errors.write) }
            pid = try spawn(executable, arguments, childFDs: [], stderr: errors.write)
        }
        let collector = PipeCollector(fd: errors.read)
        let status = try wait(pid)
        return (status, collector.text())
    }

    // MARK: plumbing

    private static func pipe() throws -> (read: Int32, write: Int32) { try Pipes.make() }

    /// `childFDs[i]` becomes fd 3 + i in the child.
    private static func spawn(_ executable: String, _ arguments: [String], childFDs: [Int32], stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Copies above 10 first, so no source is already its own target (dup2 onto itself
        // would keep close-on-exec set).
        let high = childFDs.map { fcntl($0, F_DUPFD_CLOEXEC, 10) }
        defer { high.forEach { close($0) } }
        let highError = fcntl(stderr, F_DUPFD_CLOEXEC, 10)
        defer { close(highError) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, highError, 2)
        for (index, fd) in high.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, fd, Int32(3 + index))
        }
        // Nothing else is inherited (ours are close-on-exec anyway; this covers the rest).
        _ = Pipes.addCloseFrom(&actions, Int32(3 + childFDs.count))
        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let envp = [strdup("PATH=/usr/bin:/bin")]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, nil, argv + [nil], envp + [nil])
        guard rc == 0 else { throw TestSupportError.setup("posix_spawn \(executable): \(String(cString: strerror(rc)))") }
        return pid
    }

    private static func wait(_ pid: pid_t) throws -> Int32 {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 {
            guard errno == EINTR else { throw TestSupportError.setup("waitpid: \(String(cString: strerror(errno)))") }
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}

/// Reads a pipe to its end on a thread of its own, so the writer never blocks on it.
final class PipeCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0, errno == EINTR { continue }
                if got <= 0 { break }
                bytes.withLock { $0 += buffer[..<got] }
            }
            close(fd)
            done.signal()
        }
    }

    /// Everything, once the writer has closed the pipe.
    func text() -> String {
        done.wait()
        done.signal()
        return bytes.withLock { String(decoding: $0, as: UTF8.self) }
    }
}
