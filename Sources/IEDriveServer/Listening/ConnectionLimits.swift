import HTTPTypes
import HummingbirdCore
public import NIOCore
import NIOHTTPTypes
import Synchronization

/// What one listener allows: how many connections it holds, and how long a connection may
/// take to send a request's header, to keep its body coming, and to sit idle between requests.
/// Every listener has them (the TCP API, the control socket, and those later issues add):
/// without them, idle sockets fill the daemon's descriptor table before any authentication.
public struct ConnectionLimits: Sendable, Hashable {
    /// Connections held open at once. Over it, a new connection takes the place of the oldest
    /// one that has not started a request (the idle are the cheap ones to drop); when every
    /// connection is busy with a request, the new one gets a quick 503 and is closed.
    public var maxConnections: Int
    /// Seconds from a connection's start (or its previous response) to the end of a request's
    /// header.
    public var headerTimeout: Duration
    /// Seconds a request's body may pause between two pieces.
    public var bodyTimeout: Duration
    /// Seconds a kept-alive connection may wait for its next request.
    public var idleTimeout: Duration

    public init(maxConnections: Int = 512, headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30),
                idleTimeout: Duration = .seconds(60)) {
        self.maxConnections = max(1, maxConnections)
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
    }
}

/// The connections of one listener, for ``ConnectionLimits``: counted, and the idle ones
/// known in age order so the oldest can make room.
public final class ConnectionRegistry: Sendable {
    public enum Admission: Sendable {
        case admitted
        /// Admitted in place of this older idle connection, which the caller closes.
        case admittedEvicting(any Channel)
        /// Full of busy connections.
        case refused
    }

    private struct Entry {
        var channel: any Channel
        var busy: Bool
        var since: UInt64
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var tick: UInt64 = 0
    }

    public let limits: ConnectionLimits
    private let state = Mutex(State())

    public init(limits: ConnectionLimits) {
        self.limits = limits
    }

    /// Connections held now.
    public var count: Int { state.withLock { $0.entries.count } }

    func admit(_ channel: any Channel) -> Admission {
        state.withLock { state in
            state.tick += 1
            let key = ObjectIdentifier(channel)
            if state.entries.count < limits.maxConnections {
                state.entries[key] = Entry(channel: channel, busy: false, since: state.tick)
                return .admitted
            }
            guard let oldest = state.entries.filter({ !$0.value.busy }).min(by: { $0.value.since < $1.value.since }) else {
                return .refused
            }
            state.entries.removeValue(forKey: oldest.key)
            state.entries[key] = Entry(channel: channel, busy: false, since: state.tick)
            return .admittedEvicting(oldest.value.channel)
        }
    }

    func setBusy(_ channel: any Channel, _ busy: Bool) {
        state.withLock { state in
            state.tick += 1
            let key = ObjectIdentifier(channel)
            guard state.entries[key] != nil else { return }
            state.entries[key]?.busy = busy
            state.entries[key]?.since = state.tick
        }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

extension ConnectionRegistry {
    /// The HTTP/1 channel configuration that applies these limits to every connection.
    var channelConfiguration: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionLimitHandler(registry: self)])
    }
}

/// Applies a listener's ``ConnectionLimits`` to one connection: admits it (or answers 503 and
/// closes it), and closes it when a header, a body or the next request takes too long.
/// Sits after the HTTP codec, before the request handling.
final class ConnectionLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private var timer: Scheduled<Void>?
    private var admitted = false
    private var refusing = false

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if !admitted && !refusing { admit(context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if admitted { registry.remove(context.channel) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        if admitted { registry.remove(context.channel) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refusing else { return }
        switch unwrapInboundIn(data) {
        case .head:
            registry.setBusy(context.channel, true)
            arm(context, registry.limits.bodyTimeout)
        case .body:
            arm(context, registry.limits.bodyTimeout)
        case .end:
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            let channel = context.channel
            let registry = self.registry
            let written = promise ?? context.eventLoop.makePromise()
            context.write(data, promise: written)
            written.futureResult.whenComplete { _ in registry.setBusy(channel, false) }
            // The next request (its whole header) must come within the idle timeout.
            arm(context, registry.limits.idleTimeout)
            return
        }
        context.write(data, promise: promise)
    }

    private func admit(_ context: ChannelHandlerContext) {
        switch registry.admit(context.channel) {
        case .admitted:
            admitted = true
        case .admittedEvicting(let oldest):
            admitted = true
            oldest.close(promise: nil)
        case .refused:
            refusing = true
            refuse(context)
            return
        }
        arm(context, registry.limits.headerTimeout)
    }

    /// A quick 503, then the connection closes: never a hang.
    private func refuse(_ context: ChannelHandlerContext) {
        var head = HTTPResponse(status: .serviceUnavailable)
        let body = #"{"error":{"code":"ServerBusy","message":"The daemon holds as many connections as it allows (api.max_connections); try again shortly."}}"#
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.utf8.count)
        head.headerFields[.connection] = "close"
        head.headerFields[.retryAfter] = "1"
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Closes the connection unless what it waits for comes within `timeout`.
    private func arm(_ context: ChannelHandlerContext, _ timeout: Duration) {
        timer?.cancel()
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { channel.close(promise: nil) }
    }
}
