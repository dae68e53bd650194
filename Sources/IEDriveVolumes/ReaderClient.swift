public import IEDriveCore
import IEDriveSystem

/// A drive opened in its own reader process: the only way iedrive reads customer data.
///
/// `launch` opens the device read-only in this process, starts `iedrive-reader` with that
/// descriptor (the reader never opens the device by path, so it can run as an unprivileged
/// user) and waits for it to report who it runs as. Requests go out in order and their
/// answers come back in order, so several may be in flight (``send(_:)`` and the `take…`/`next…`
/// answers of ``VolumeReader``, whose extension holds the one-request conveniences).
///
/// Every failure is a ``ReaderFailure`` (launching throws ``ReaderLaunchError``): the reader's answer to a request, or the
/// connection's end (``ReaderFailure/Kind/readerCrashed``, ``ReaderFailure/Kind/readerTimedOut``).
/// One task uses a client at a time.
public final class ReaderClient: VolumeReader, @unchecked Sendable {
    public let ready: ReaderReady
    public let devicePath: String
    private let connection: ReaderConnection
    private var nextID: UInt32 = 1
    /// The drive, read-only, for the mapped reads of a plain volume.
    private let device: DeviceFile?
    private var openedPlain = false

    public var pid: Int32 { connection.pid }

    private init(ready: ReaderReady, devicePath: String, connection: ReaderConnection, device: DeviceFile?) {
        self.ready = ready
        self.devicePath = devicePath
        self.connection = connection
        self.device = device
    }

    /// The drive, when the volume opened is not BitLocker (see ``VolumeReader/plainDevice``).
    public var plainDevice: (any DeviceBytes)? { openedPlain ? device : nil }

    /// Opens `devicePath` read-only and starts its reader.
    public static func launch(devicePath: String, configuration: ReaderConfiguration) async throws -> ReaderClient {
        let deviceFD: Int32
        do {
            deviceFD = try SystemCall.open(devicePath, [.readOnly, .noControllingTerminal])
        } catch {
            throw ReaderLaunchError(reason: .deviceOpen(errno: error.errno.rawValue), path: devicePath,
                                    detail: "cannot open \(devicePath) read-only: \(error.errno)")
        }
        defer { SystemCall.close(deviceFD) }
        guard SystemCall.isExecutable(configuration.executable) else {
            throw ReaderLaunchError(reason: .executableMissing, path: configuration.executable,
                                    detail: "the reader program \(configuration.executable) is missing or not executable " +
                                    "(it is built and installed beside iedrive; set IEDRIVE_READER to its path)")
        }
        let requestPipe = try makePipe()
        let replyPipe = try makePipe()
        let logPipe = try makePipe()
        // Replies move fastest in 1 MiB pieces: give the pipe room for one.
        _ = try? SystemCall.setPipeSize(replyPipe.write, bytes: 1 << 20, subject: "the reply pipe")

        var arguments = [configuration.executable]
        if let user = configuration.user { arguments += ["--user", user] }
        let environment = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C.UTF-8"]
        // Child: 0, 1 /dev/null; 2 log pipe; 3 device; 4 requests; 5 replies.
        let childFDs: [Int32] = [-1, -1, logPipe.write, deviceFD, requestPipe.read, replyPipe.write]
        let spawned = Result { () throws(SystemCallError) in
            try SystemCall.spawn(configuration.executable, arguments: arguments, environment: environment, descriptors: childFDs)
        }
        SystemCall.close(requestPipe.read)
        SystemCall.close(replyPipe.write)
        SystemCall.close(logPipe.write)
        let pid: Int32
        switch spawned {
        case .success(let child):
            pid = child
        case .failure(let error):
            SystemCall.close(requestPipe.write); SystemCall.close(replyPipe.read); SystemCall.close(logPipe.read)
            throw ReaderLaunchError(reason: .spawn(errno: error.errno.rawValue), path: configuration.executable,
                                    detail: "cannot start \(configuration.executable): \(error.errno)")
        }
        let connection = ReaderConnection(pid: pid, requestFD: requestPipe.write, replyFD: replyPipe.read,
                                          logFD: logPipe.read, timeout: configuration.timeout, log: configuration.log)
        do {
            try connection.start()
        } catch {
            throw ReaderLaunchError(reason: .threads(errno: error.errno.rawValue), path: configuration.executable,
                                    detail: "cannot start a thread for the reader's pipes: \(error.errno)")
        }
        let frame = try await connection.nextFrame()
        guard frame.kind == .ready, let ready = try? ReaderReady(frame: frame) else {
            connection.terminate()
            throw ReaderFailure(.readerCrashed, "the reader did not introduce itself (got \(frame.kind)); it was stopped")
        }
        let device = configuration.mappedReads ? DeviceFile(reopening: deviceFD, readTimeoutSeconds: configuration.timeout.inSeconds) : nil
        return ReaderClient(ready: ready, devicePath: devicePath, connection: connection, device: device)
    }

    // MARK: Pipelining

    /// Sends a request without waiting; returns its id. Answers arrive in sending order.
    @discardableResult
    public func send(_ request: ReaderRequest) -> UInt32 {
        let id = nextID
        nextID &+= 1
        connection.send(request.frame(id: id))
        return id
    }


    // MARK: One request at a time

    public func open(_ opening: VolumeOpening) async throws -> VolumeInfo {
        let id = send(.open(opening))
        let frame = try await reply(to: id)
        let info = try decode(frame, as: .opened) { try VolumeInfo(frame: $0) }
        openedPlain = !info.encrypted
        return info
    }

    /// Takes the `entry` answer of stat request `id` (sent with ``send(_:)``).
    public func takeEntry(for id: UInt32) async throws -> VolumeEntry {
        let frame = try await reply(to: id)
        return try decode(frame, as: .entry) { try VolumeEntry(frame: $0) }
    }

    /// Takes the `extents` answer of map request `id` (sent with ``send(_:)``).
    public func takeExtents(for id: UInt32) async throws -> FileExtents {
        let frame = try await reply(to: id)
        return try decode(frame, as: .extents) { try FileExtents(frame: $0) }
    }

    /// The next frame of read request `id`'s answer, for callers that await between pieces.
    public func nextData(for id: UInt32) async throws -> ReadChunk {
        let frame = try await reply(to: id)
        if frame.kind == .data { return .data(frame.payload) }
        return .end(try decode(frame, as: .end) { try ReplyEnd(frame: $0) })
    }

    /// The next batch of list or walk request `id`'s answer.
    public func nextEntries(for id: UInt32) async throws -> EntriesChunk {
        let frame = try await reply(to: id)
        if frame.kind == .entries { return .entries(try wire { try VolumeEntry.batch(frame: frame) }) }
        return .end(try decode(frame, as: .end) { try ReplyEnd(frame: $0) })
    }

    /// Ends the reader: closes its request pipe and waits for it to exit. Returns its wait
    /// status (0: it finished cleanly) and what it used.
    @discardableResult
    public func close() async -> ReaderExit {
        await connection.finish()
    }

    /// Stops the reader at once (a drive being pulled, the daemon shutting down).
    public func kill() {
        connection.terminate()
    }


    // MARK: -

    private func reply(to id: UInt32) async throws -> ReaderFrame {
        let frame = try await connection.nextFrame()
        guard frame.requestID == id else {
            connection.terminate()
            throw ReaderFailure(.readerCrashed, "the reader answered request \(frame.requestID) when \(id) was due; it was stopped")
        }
        if frame.kind == .failure {
            throw try wire { try ReaderFailure(frame: frame) }
        }
        return frame
    }

    private func decode<T>(_ frame: ReaderFrame, as kind: ReaderFrame.Kind,
                           _ body: (ReaderFrame) throws -> T) throws -> T {
        guard frame.kind == kind else {
            connection.terminate()
            throw ReaderFailure(.readerCrashed, "the reader sent \(frame.kind) where \(kind) was due; it was stopped")
        }
        return try wire { try body(frame) }
    }

    private func wire<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WireError {
            connection.terminate()
            throw ReaderFailure(.readerCrashed, "the reader sent a malformed message (\(error.message)); it was stopped")
        }
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        do {
            return try SystemCall.pipe()
        } catch {
            throw ReaderLaunchError(reason: .pipes(errno: error.errno.rawValue), path: "pipe",
                                    detail: "cannot create a pipe for the reader: \(error.errno)")
        }
    }
}
