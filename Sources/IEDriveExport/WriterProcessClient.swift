public import IEDriveCore
public import IEDriveSystem

/// iedrive's side of the per-drive writer process: `iedrive-writer`, started with the drive's
/// descriptor (it opens nothing itself) and run as an unprivileged user, writes the drive
/// (BitLocker, NTFS through libntfs-3g) as this object asks, one request and reply at a time.
/// A crash of the writer fails this drive only. Keep the client on one thread that lives until
/// the writer has ended: the writer's parent-death signal follows the thread that started it.
public final class WriterProcessClient: DriveFileWriter {
    public let pid: Int32
    private let requestFD: Int32
    private let replyFD: Int32
    public private(set) var freeBytes: UInt64 = 0
    public private(set) var clusterSize: Int = 4096
    private var ended = false
    /// What the writer used, once it has ended.
    public private(set) var usage: ResourceUsage?
    /// The watchdog: a request the writer has not answered in this time means the drive stopped
    /// answering (a write or flush that never returns); the writer is killed and the drive
    /// fails with a device error. nil: no limit.
    public var requestTimeout: Duration?
    /// Lets another thread end the writer (a daemon stopping): a request waiting for its reply
    /// gives up within half a second, and the writer is killed while it runs, never after it
    /// was reaped.
    public var cancellation: WriterCancellation? {
        didSet { if !ended { cancellation?.attach(pid) } }
    }

    /// The writer installed beside the running program, or `$IEDRIVE_WRITER`.
    public static func defaultExecutable() -> String {
        if let explicit = SystemCall.environmentValue("IEDRIVE_WRITER"), !explicit.isEmpty { return explicit }
        guard let selfPath = try? SystemCall.executablePath(), !selfPath.isEmpty else { return "iedrive-writer" }
        return selfPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/iedrive-writer"
    }

    /// Starts the writer on `deviceFD` (open read-write; stays the caller's). Its log (stderr)
    /// goes to `logFD` (-1: this process's stderr).
    public init(deviceFD: Int32, executable: String = WriterProcessClient.defaultExecutable(), user: String? = nil,
                logFD: Int32 = -1) throws(DriveWriteError) {
        guard SystemCall.isExecutable(executable) else {
            throw .fileSystem(errno: 2, detail: "the writer program \(executable) is missing (install iedrive-writer beside iedrive)")
        }
        var opened: [Int32] = []
        do {
            let requests = try SystemCall.pipe()
            opened += [requests.read, requests.write]
            let replies = try SystemCall.pipe()
            opened += [replies.read, replies.write]
            let null = try SystemCall.open("/dev/null", .readWrite)
            opened.append(null)
            var arguments = [executable]
            if let user { arguments += ["--user", user] }
            pid = try SystemCall.spawn(executable, arguments: arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C"],
                                       descriptors: [null, null, logFD >= 0 ? logFD : SystemCall.standardError, deviceFD,
                                                     requests.read, replies.write])
            // The child's ends and /dev/null are the child's now; ours stay open.
            for fd in [requests.read, replies.write, null] { SystemCall.close(fd) }
            requestFD = requests.write
            replyFD = replies.read
        } catch {
            for fd in opened { SystemCall.close(fd) }
            throw .fileSystem(errno: error.errno.rawValue, detail: "starting the writer process: \(error)")
        }
    }

    deinit {
        if !ended { abandon() }
        SystemCall.close(requestFD)
        SystemCall.close(replyFD)
    }

    /// Makes the volume: BitLocker with `password` (nil: plain) and NTFS, mounted for writing.
    public func format(size: UInt64, cipher: BitLockerCipher?, password: String, label: String,
                       description: String) throws(DriveWriteError) {
        var request = request(.format)
        request.u64(size)
        request.u8(cipher == nil ? 0 : cipher == .xtsAES128 ? 1 : 2)
        request.string(password)
        request.string(label)
        request.string(description)
        try exchange(request)
    }

    public func makeDirectory(_ components: [String]) throws(DriveWriteError) {
        var request = request(.makeDirectory)
        request.string(components.joined(separator: "/"))
        try exchange(request)
    }

    public func createFile(_ components: [String], size: UInt64, sparse: Bool) throws(DriveWriteError) {
        var request = request(.createFile)
        request.u64(size)
        request.u8(sparse ? 1 : 0)
        request.string(components.joined(separator: "/"))
        try exchange(request)
    }

    public func write(_ bytes: [UInt8], at offset: UInt64) throws(DriveWriteError) {
        var request = request(.write)
        request.u64(offset)
        request.raw(bytes)
        try exchange(request)
    }

    public func closeFile() throws(DriveWriteError) { try exchange(request(.closeFile)) }

    public func discardFile() throws(DriveWriteError) { try exchange(request(.discardFile)) }

    public func unmount() throws(DriveWriteError) {
        try exchange(request(.finish))
        ended = true
        cancellation?.detach()
        if let ended = try? SystemCall.waitpidWithUsage(pid) { usage = ended.usage }
        WriterScratch.remove(of: pid)
    }

    /// Kills the writer and reaps it on a thread of its own: a process blocked on a hung device
    /// dies only when its I/O returns, and nothing here may wait for that.
    private func abandon() {
        ended = true
        cancellation?.detach()
        try? SystemCall.kill(pid, .kill)
        let pid = self.pid
        do {
            try SystemThread.start(name: "reap writer") {
                _ = try? SystemCall.waitpid(pid)
                WriterScratch.remove(of: pid)
            }
        } catch {
            _ = try? SystemCall.waitpid(pid)
            WriterScratch.remove(of: pid)
        }
    }

    private func request(_ operation: WriterWire.Operation) -> WriterWire.Encoder {
        var encoder = WriterWire.Encoder()
        encoder.u8(operation.rawValue)
        return encoder
    }

    private func exchange(_ request: WriterWire.Encoder) throws(DriveWriteError) {
        guard !ended else {
            throw .fileSystem(errno: 32, detail: "the writer process \(pid) has ended (killed after a hung request, or stopped)")
        }
        // A writer that died must fail this drive with EPIPE, not kill iedrive with SIGPIPE.
        try? SystemCall.blockOnThisThread(.brokenPipe)
        do throws(DriveWriteError) {
            try FrameIO.write(requestFD, request.framed)
            try awaitReply()
            guard let reply = try FrameIO.read(replyFD) else { throw DriveWriteError.fileSystem(errno: 32, detail: "") }
            var decoder = WriterWire.Decoder(reply)
            if try decoder.u8() == 0 {
                freeBytes = try decoder.u64()
                clusterSize = Int(try decoder.u32())
                return
            }
            throw try WriterWire.decodeError(&decoder)
        } catch {
            if case .fileSystem(let errno, _) = error, errno == 32 || errno == 71 {
                throw .fileSystem(errno: errno, detail: "the writer process \(pid) ended unexpectedly (\(ending()))")
            }
            throw error
        }
    }

    /// Waits for the writer's reply up to ``requestTimeout`` and while not cancelled (in slices
    /// of half a second); past the time, or cancelled, the writer is abandoned (``abandon()``).
    private func awaitReply() throws(DriveWriteError) {
        guard requestTimeout != nil || cancellation != nil else { return }
        let deadline = requestTimeout.map { ContinuousClock.now + $0 }
        while true {
            if cancellation?.isCancelled == true {
                abandon()
                throw .fileSystem(errno: 125, detail: "the writer process \(pid) was stopped")
            }
            if let deadline, ContinuousClock.now >= deadline, let requestTimeout {
                abandon()
                throw .device(errno: 110, offset: 0,
                              detail: "the drive did not answer the writer for \(requestTimeout.components.seconds) s "
                                  + "(a write or flush hung); the writer process \(pid) was killed")
            }
            let ready: PollEvents
            do {
                ready = try SystemCall.poll(replyFD, for: .readable, timeoutMilliseconds: 500, subject: "the writer pipe")
            } catch {
                throw .fileSystem(errno: error.errno.rawValue, detail: "waiting for the writer: \(error)")
            }
            if !ready.isEmpty { return }
        }
    }

    private func ending() -> String {
        guard !ended else { return "ended" }
        cancellation?.detach()
        guard let status = try? SystemCall.waitpid(pid) else { return "still running" }
        ended = true
        WriterScratch.remove(of: pid)
        if let signal = status.terminationSignal { return "killed by signal \(signal.rawValue)" }
        return "exit status \(status.exitStatus)"
    }
}
