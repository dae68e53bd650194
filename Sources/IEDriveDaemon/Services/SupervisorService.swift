public import Logging
public import ServiceLifecycle

/// Runs the drive supervisor (every drive's trip is a child of it) for the service group's
/// life; on SIGTERM it stops taking drives and stops the running copies (they resume from
/// their journals at the next start), and returns once every trip has ended.
public struct SupervisorService: Service {
    let supervisor: DriveSupervisor
    let logger: Logger

    public init(supervisor: DriveSupervisor, logger: Logger) {
        self.supervisor = supervisor
        self.logger = logger
    }

    public func run() async throws {
        let (supervisor, logger) = (self.supervisor, self.logger)
        await withGracefulShutdownHandler {
            await supervisor.run()
        } onGracefulShutdown: {
            logger.notice("stopping: no new drives; checkpointing running copies")
            supervisor.stopAll()
        }
        logger.notice("all drive pipelines stopped")
    }
}
