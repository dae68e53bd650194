import Hummingbird
import Synchronization

/// The methods each route path is served with, so a request with another method gets 405 and
/// an `Allow` header (RFC 9110 §15.5.6) instead of Hummingbird's 404 "no route". Filled once the
/// router has every route (`DaemonRoutes.router`); read by `ARMResponseHeaders`.
final class RouteMethods: Sendable {
    private struct Route {
        /// Literal segments, nil where the route captures one (`{jobName}`).
        var segments: [Substring?]
        var methods: [String]
    }

    private let routes = Mutex<[Route]>([])

    func load<Context>(_ router: Router<Context>) {
        var table: [Route] = []
        for route in router.routes {
            let segments = Self.segments("\(route.path)").map { part -> Substring? in
                part.hasPrefix("{") && part.hasSuffix("}") ? nil : part
            }
            if let index = table.firstIndex(where: { $0.segments == segments }) {
                table[index].methods.append(route.method.rawValue)
            } else {
                table.append(Route(segments: segments, methods: [route.method.rawValue]))
            }
        }
        routes.withLock { $0 = table }
    }

    /// The methods served at `path`, in a stable order; empty when no route has this path.
    func allowed(at path: String) -> [String] {
        let parts = Self.segments(path)
        let methods = routes.withLock { table in
            table.filter { route in
                route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { $0.0 == nil || $0.0 == $0.1 }
            }.flatMap(\.methods)
        }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return Set(methods).sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
