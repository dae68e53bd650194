import Foundation
import Hummingbird
import HummingbirdTesting
import IEDriveServer
import Logging
import ServiceLifecycle
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The listener limits on a live TCP listener (port 0): idle connections never starve a real
/// request, a header that does not come is cut off, a full house of busy connections answers a
/// quick 503, and event streams have their own cap.
@Suite struct ConnectionLimitTests {
    /// Runs the TCP API listener on a free loopback port with `limits` while `body` runs with
    /// the port: the only connections are the test's own.
    func withListener(_ bench: RouteBench, _ limits: ConnectionLimits, _ body: @Sendable (Int) async throws -> Void) async throws {
        var logger = Logger(label: "iedrive-limit-test")
        logger.logLevel = .critical
        let (ports, sink) = AsyncStream<Int>.makeStream()
        var settings = APIListener.Settings(host: "127.0.0.1", port: 0, tokens: BearerTokens([]), limits: limits)
        settings.bound = { sink.yield($0) }
        let app = try APIListener.application(routes: bench.daemon.routes, settings: settings, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func idleConnectionsNeverStarveARequest() async throws {
        let bench = try RouteBench("limits-idle")
        defer { bench.cleanup() }
        try await withListener(bench, ConnectionLimits(maxConnections: 8, headerTimeout: .seconds(30))) { port in
            // Five times the cap of connections that send half a request line and nothing more.
            let idle = try (0..<40).map { _ in try RawConnection(port: port, send: "GET /healthz HTTP/1.1\r\n") }
            defer { idle.forEach { $0.close() } }
            // A new client is served at once, not after the 30 s header timeout frees a place (the
            // bound is loose: this VM's CPU stalls for a second at times; starving would be 30 s).
            let started = ContinuousClock.now
            let health = try RawConnection(port: port, send: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            defer { health.close() }
            #expect(await health.read(within: 10).hasPrefix("HTTP/1.1 200 OK"))
            #expect(ContinuousClock.now - started < .seconds(5))
            // The oldest idle ones were closed to make room; the daemon holds no more than its cap.
            var closed = 0
            for connection in idle where await connection.isClosedByPeer(within: 0.1) { closed += 1 }
            #expect(closed >= 40 - 8)
        }
    }

    @Test func aHeaderThatDoesNotComeIsCutOff() async throws {
        let bench = try RouteBench("limits-header")
        defer { bench.cleanup() }
        try await withListener(bench, ConnectionLimits(maxConnections: 8, headerTimeout: .seconds(1))) { port in
            let slow = try RawConnection(port: port, send: "GET /healthz HTTP/1.1\r\nHost: x\r\n")
            defer { slow.close() }
            #expect(await slow.isClosedByPeer(within: 6))
            let fresh = try RawConnection(port: port, send: "")
            defer { fresh.close() }
            let freshClosed = await fresh.isClosedByPeer(within: 0.2)
            #expect(!freshClosed, "a new connection has its own header time")
        }
    }

    @Test func busyConnectionsAtTheCapAnswerAQuick503() async throws {
        let bench = try RouteBench("limits-busy")
        defer { bench.cleanup() }
        try await withListener(bench, ConnectionLimits(maxConnections: 2)) { port in
            // Two event streams fill the cap, both busy.
            let streams = try (0..<2).map { _ in try RawConnection(port: port, send: "GET /iedrive/v1/events HTTP/1.1\r\nHost: x\r\n\r\n") }
            defer { streams.forEach { $0.close() } }
            for stream in streams { #expect(await stream.read(within: 10).contains("200 OK")) }
            let started = ContinuousClock.now
            let refused = try RawConnection(port: port, send: "")
            defer { refused.close() }
            let answer = await refused.read(within: 10)
            #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer)")
            #expect(answer.contains("ServerBusy"))
            // Quick: not held until a timeout (header 10 s, idle 60 s); loose for this VM's stalls.
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func eventStreamsHaveTheirOwnCap() async throws {
        let bench = try RouteBench("limits-streams", maxEventStreams: 1)
        defer { bench.cleanup() }
        try await withListener(bench, ConnectionLimits(maxConnections: 8)) { port in
            let request = "GET /iedrive/v1/events HTTP/1.1\r\nHost: x\r\n\r\n"
            let first = try RawConnection(port: port, send: request)
            defer { first.close() }
            #expect(await first.read(within: 10).contains("200 OK"))
            let second = try RawConnection(port: port, send: request)
            defer { second.close() }
            let answer = await second.read(within: 10)
            #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer)")
            #expect(answer.contains("ServerBusy"))
            first.close()
            // The place is given back when a client leaves (noticed at its next keep-alive).
            var reopened = ""
            for _ in 0..<20 where !reopened.contains("200 OK") {
                let third = try RawConnection(port: port, send: request)
                reopened = await third.read(within: 0.5)
                third.close()
            }
            #expect(reopened.contains("200 OK"))
        }
    }
}

/// A plain blocking TCP connection to the loopback listener, for what an HTTP client will not
/// do: send half a request and wait.
final class RawConnection: @unchecked Sendable {
    private let fd: Int32

    init(port: Int, send text: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        if !text.isEmpty { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
    }

    /// Whatever the peer sends within `seconds` (until it closes or goes quiet). Polls without
    /// blocking a thread: the server's handlers run on the same cooperative pool as the test.
    func read(within seconds: Double) async -> String {
        var collected: [UInt8] = []
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var quietSince = ContinuousClock.now
        while ContinuousClock.now < deadline {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                collected += buffer[..<count]
                quietSince = ContinuousClock.now
                continue
            }
            if count == 0 || (count < 0 && errno != EAGAIN) { break }
            if !collected.isEmpty && ContinuousClock.now - quietSince > .milliseconds(200) { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Whether the peer closed the connection within `seconds`.
    func isClosedByPeer(within seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        repeat {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN) { return true }
            if count < 0 { try? await Task.sleep(for: .milliseconds(10)) }
        } while ContinuousClock.now < deadline
        return false
    }

    func close() { Glibc.close(fd) }
}
