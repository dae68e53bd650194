public import IEDriveCore
public import ServiceLifecycle

/// Feeds `DaemonMetrics` from the event hub while the daemon runs.
public struct MetricsService: Service {
    let metrics: DaemonMetrics
    let hub: EventHub

    public init(metrics: DaemonMetrics, hub: EventHub) {
        self.metrics = metrics
        self.hub = hub
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [metrics, hub] in await metrics.follow(hub) }
    }
}
