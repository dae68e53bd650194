import IEDriveCore
public import Logging
public import ServiceLifecycle

/// Moves the simulated lifecycle: every second (real time) and whenever the clock is stepped,
/// due timers fire on every job, the clock's instant is checkpointed, and the supervisor looks
/// again at the attached drives (a package's receipt makes its drives ready).
public struct ClockService: Service {
    let registry: JobRegistry
    let clock: DaemonClock
    let supervisor: DriveSupervisor
    let checkpoint: ClockCheckpoint
    let logger: Logger

    public init(registry: JobRegistry, clock: DaemonClock, supervisor: DriveSupervisor, checkpoint: ClockCheckpoint, logger: Logger) {
        self.registry = registry
        self.clock = clock
        self.supervisor = supervisor
        self.checkpoint = checkpoint
        self.logger = logger
    }

    public func run() async throws {
        let steps = clock.changes()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in steps { await tick() }
            }
            group.addTask {
                while !Task.isCancelled {
                    await tick()
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        try? checkpoint.save(registry.clock.now())
    }

    func tick() async {
        do {
            try await registry.advanceAll()
        } catch {
            logger.error("cannot advance the jobs: \(error)")
        }
        do {
            try checkpoint.save(registry.clock.now())
        } catch {
            logger.warning("\(error)")
        }
        await supervisor.reevaluate()
    }
}
