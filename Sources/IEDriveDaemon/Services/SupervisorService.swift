public import Logging
public import ServiceLifecycle

/// Keeps the supervisor for the service group's life; on SIGTERM it stops taking drives and
/// stops the running copies (they resume from their journals at the next start).
public struct SupervisorService: Service {
    let supervisor: DriveSupervisor
    let logger: Logger

    public init(supervisor: DriveSupervisor, logger: Logger) {
        self.supervisor = supervisor
        self.logger = logger
    }

    public func run() async throws {
        try? await gracefulShutdown()
        logger.notice("stopping: no new drives; checkpointing running copies")
        await supervisor.stopAll()
        logger.notice("all drive pipelines stopped")
    }
}
