import Hummingbird
import IEDriveAPI
import IEDriveCore

/// What the daemon publishes for people and monitoring: the event stream, `/metrics`, the web
/// dashboard and its script, and the request metrics of every route (Hummingbird's
/// `MetricsMiddleware`, counted wherever `DaemonMetrics.bootstrapMetricsSystem()` routed them).
struct PublishingRoutes {
    let routes: DaemonRoutes

    /// Request count and latency by route, method and status for every route added after
    /// this (Hummingbird applies a router's middleware to the routes added later): call first.
    static func measureRequests(on router: Router<BasicRequestContext>) {
        router.add(middleware: MetricsMiddleware())
    }

    func add(to router: Router<BasicRequestContext>) {
        let metrics = routes.metrics
        router.get("/metrics") { _, _ in
            await DaemonRoutes.answer {
                HTTPJSON.bytes(try await metrics.scrape(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        EventStreamRoutes(routes: routes).add(to: router)
        DashboardRoutes(routes: routes).add(to: router)
    }
}
