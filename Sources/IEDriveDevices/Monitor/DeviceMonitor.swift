import Dispatch
public import IEDriveCore
import IEDriveSystem
import Synchronization

/// Whole-disk media as a stream of `DeviceEvent`s: first every medium present at start
/// (coldplug), then hotplug, both through the same evaluation (`MonitorSession`).
///
/// One libudev netlink monitor (subsystem `block`, devtype `disk`), watched by a Dispatch
/// read source on a private serial queue; udev objects stay on that queue and only owned
/// `DeviceSnapshot` values leave it. `stop()` (or the consumer dropping the stream) cancels
/// the source and finishes the stream at once. Never opens a device.
///
///     let monitor = try DeviceMonitor()
///     log.info("\(monitor.selection)")
///     for await event in monitor.events() { ... }
public final class DeviceMonitor: Sendable {
    /// The event source in use and why (log it).
    public let selection: MonitorSourceSelection
    private let queue = DispatchQueue(label: "iedrive.device-monitor")
    private let session: MonitorSession
    private let state = Mutex(State())
    private let output = EventOutput()

    private struct State: ~Copyable {
        var started = false
        var stopped = false
        var source: SourceHandle?
    }

    /// Opens the monitor and starts receiving (events from now on are queued in the socket
    /// until `events()` is called). With `.automatic`, listens to udev when udevd answers on
    /// its control socket, else (or when the udev monitor cannot be created) to the kernel.
    public convenience init(source: MonitorSource = .automatic) throws(DeviceMonitorError) {
        let udevdAnswers = source == .automatic
            ? Self.unixSocketAccepts(MonitorSourceSelection.udevControlSocket) : false
        try self.init(selection: MonitorSourceSelection.select(source, udevdAnswers: udevdAnswers),
                      fallBackToKernel: source == .automatic)
    }

    /// Whether something accepts a `connect(2)` on the `SOCK_SEQPACKET` unix socket at
    /// `path` (udevd's control socket is one). Connects and closes; sends nothing.
    static func unixSocketAccepts(_ path: String) -> Bool {
        guard let fd = try? SystemCall.connectUnixSocket(path, type: .sequencedPackets) else { return false }
        SystemCall.close(fd)
        return true
    }

    init(selection: MonitorSourceSelection, fallBackToKernel: Bool) throws(DeviceMonitorError) {
        let output = self.output
        let emit: @Sendable (DeviceEvent) -> Void = { output.yield($0) }
        guard let context = UdevContext() else { throw .udevUnavailable }
        if let session = MonitorSession(context: context, source: selection.source, emit: emit) {
            self.session = session
            self.selection = selection
        } else if selection.source == .udev, fallBackToKernel,
                  let context = UdevContext(),
                  let session = MonitorSession(context: context, source: .kernel, emit: emit) {
            self.session = session
            self.selection = .fallback(after: "udev_monitor_new_from_netlink(\"udev\") failed")
        } else {
            throw .monitorFailed(source: selection.source)
        }
    }

    deinit { stop() }

    /// The events: coldplug first (one `present` per medium found), then hotplug, until
    /// `stop()`. Call once; a second call returns a finished stream.
    public func events() -> AsyncStream<DeviceEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: DeviceEvent.self, bufferingPolicy: .unbounded)
        let first = state.withLock { state in
            guard !state.started, !state.stopped else { return false }
            state.started = true
            return true
        }
        guard first else {
            continuation.finish()
            return stream
        }
        output.connect(continuation)
        continuation.onTermination = { [weak self] _ in self?.stop() }

        let session = self.session
        let source = DispatchSource.makeReadSource(fileDescriptor: session.fileDescriptor, queue: queue)
        source.setEventHandler { session.drain() }
        // Keeps the session (and so the monitor's socket) alive until the source is cancelled.
        source.setCancelHandler { _ = session }
        let handle = SourceHandle(source)
        let keep = state.withLock { state in
            guard !state.stopped else { return false }
            state.source = handle
            return true
        }
        guard keep else {
            continuation.finish()
            return stream
        }
        // Serial queue: the coldplug runs before the first event handler can.
        queue.async { session.coldplug() }
        handle.activate()
        return stream
    }

    /// Stops listening and finishes the stream (idempotent, any thread, returns at once).
    public func stop() {
        let source = state.withLock { state in
            state.stopped = true
            defer { state.source = nil }
            return state.source
        }
        source?.cancel()
        output.finish()
    }
}

/// Why a device monitor could not start.
public enum DeviceMonitorError: Error, Sendable, Equatable, CustomStringConvertible {
    case udevUnavailable
    case monitorFailed(source: DeviceEventSource)

    public var description: String {
        switch self {
        case .udevUnavailable:
            "udev_new() failed: libudev could not set up a context (out of memory?)"
        case .monitorFailed(let source):
            "could not open a \(source.rawValue) netlink monitor (NETLINK_KOBJECT_UEVENT) for block devices: the process needs AF_NETLINK sockets (under systemd, RestrictAddressFamilies= must list AF_NETLINK)"
        }
    }
}

/// Where events go: the stream's continuation once `events()` was called, nothing after stop.
private final class EventOutput: Sendable {
    private let continuation = Mutex<AsyncStream<DeviceEvent>.Continuation?>(nil)

    func connect(_ continuation: AsyncStream<DeviceEvent>.Continuation) {
        self.continuation.withLock { $0 = continuation }
    }

    func yield(_ event: DeviceEvent) {
        _ = continuation.withLock { $0?.yield(event) }
    }

    /// Finishes outside the lock: `finish()` runs the stream's `onTermination`, which stops.
    func finish() {
        let taken = continuation.withLock { current in
            defer { current = nil }
            return current
        }
        taken?.finish()
    }
}

/// A Dispatch read source, held where Sendable values are required. Only `activate()` and
/// `cancel()` are called on it, and both are thread-safe in libdispatch.
private final class SourceHandle: @unchecked Sendable {
    private let source: any DispatchSourceRead
    init(_ source: any DispatchSourceRead) { self.source = source }
    func activate() { source.activate() }
    func cancel() { source.cancel() }
}
