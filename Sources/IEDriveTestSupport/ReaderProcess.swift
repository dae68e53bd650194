import Foundation
import IEDriveSystem
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
        let deviceFD: Int32
        do {
            deviceFD = try SystemCall.open(device, .readOnly)
        } catch {
            throw TestSupportError.setup("cannot open \(device): \(error.errno)")
        }
        defer { SystemCall.close(deviceFD) }
        let requests = try Self.pipe()
        let replies = try Self.pipe()
        let errors = try Self.pipe()
        defer { SystemCall.close(requests.read); SystemCall.close(replies.write); SystemCall.close(errors.write) }
        pid = try Self.spawn(executable, arguments, childFDs: [deviceFD, requests.read, replies.write], stderr: errors.write)
        requestFD = requests.write
        responseFD = replies.read
        log = PipeCollector(fd: errors.read)
        client = ReaderTestClient(requestFD: requestFD, responseFD: responseFD)
    }

    deinit {
        closeRequests()
        SystemCall.close(responseFD)
        if status == nil {
            try? SystemCall.kill(pid, .kill)
            _ = try? waitForExit()
        }
    }

    /// Closes the request pipe (end of input for the reader).
    public func closeRequests() {
        if requestFD >= 0 { SystemCall.close(requestFD) }
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
        let pid: Int32
        do {
            defer { SystemCall.close(errors.write) }
            pid = try spawn(executable, arguments, childFDs: [], stderr: errors.write)
        }
        let collector = PipeCollector(fd: errors.read)
        let status = try wait(pid)
        return (status, collector.text())
    }

    // MARK: plumbing

    private static func pipe() throws -> (read: Int32, write: Int32) { try Pipes.make() }

    /// `childFDs[i]` becomes fd 3 + i in the child; stdin and stdout are /dev/null; nothing
    /// else is inherited (IEDriveSystem's spawn helper, the one iedrive uses).
    private static func spawn(_ executable: String, _ arguments: [String], childFDs: [Int32], stderr: Int32) throws -> Int32 {
        do {
            return try SystemCall.spawn(executable, arguments: [executable] + arguments, environment: ["PATH=/usr/bin:/bin"],
                                        descriptors: [-1, -1, stderr] + childFDs)
        } catch {
            throw TestSupportError.setup("posix_spawn \(executable): \(error.errno)")
        }
    }

    private static func wait(_ pid: Int32) throws -> Int32 {
        let status: WaitStatus
        do {
            status = try SystemCall.waitpid(pid)
        } catch {
            throw TestSupportError.setup("waitpid: \(error.errno)")
        }
        return status.terminationSignal.map { 128 + $0.rawValue } ?? status.exitStatus
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
                let got = buffer.withUnsafeMutableBytes { (try? SystemCall.read(fd, into: $0, subject: "the reader's stderr")) ?? -1 }
                if got <= 0 { break }
                bytes.withLock { $0 += buffer[..<got] }
            }
            SystemCall.close(fd)
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
