public import IEDriveCore
import Foundation
public import Logging
public import ServiceLifecycle

/// READY=1 once the group runs, WATCHDOG=1 at half the watchdog interval while the daemon's
/// actors answer (a wedged registry or supervisor stops the pings and systemd restarts us),
/// STATUS= with drives in flight and throughput, STOPPING=1 on shutdown. Last in the group,
/// so it starts after the services it reports on.
public struct SystemdService: Service {
    let notifier: SystemdNotifier
    let supervisor: DriveSupervisor
    let throughput: ThroughputMeter
    let hub: EventHub
    let logger: Logger

    public init(notifier: SystemdNotifier, supervisor: DriveSupervisor, throughput: ThroughputMeter, hub: EventHub,
                logger: Logger) {
        self.notifier = notifier
        self.supervisor = supervisor
        self.throughput = throughput
        self.hub = hub
        self.logger = logger
    }

    public func run() async throws {
        notifier.notify("READY=1\nSTATUS=ready; no drives in flight")
        logger.notice("iedrive daemon ready")
        let interval = SystemdNotifier.watchdogInterval() ?? .seconds(10)
        let period = min(interval / 2, .seconds(5))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [throughput, hub] in await throughput.follow(hub) }
            group.addTask { [notifier, supervisor, throughput] in
                while !Task.isCancelled {
                    let status = await supervisor.status
                    let rate = throughput.bytesPerSecond
                    let message = "STATUS=\(status.running) drive(s) in flight, \(status.attached) attached, "
                        + String(format: "%.1f MB/s", rate / 1_000_000)
                    notifier.notify("WATCHDOG=1\n" + message)
                    try? await Task.sleep(for: period)
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        notifier.notify("STOPPING=1\nSTATUS=stopping: checkpointing copies")
    }
}
