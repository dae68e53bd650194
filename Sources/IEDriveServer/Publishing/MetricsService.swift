import IEDriveDaemon
import ServiceLifecycle

/// Feeds `DaemonMetrics` from the event hub while the daemon runs.
struct MetricsService: Service {
    let metrics: DaemonMetrics
    let hub: EventHub

    func run() async throws {
        await cancelWhenGracefulShutdown { [metrics, hub] in await metrics.follow(hub) }
    }
}
