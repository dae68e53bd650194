import IEDriveCore
import IEDriveDevices
public import Logging
public import ServiceLifecycle

/// Device intake (STYLE §3): the udev monitor's events, coldplug first, one at a time: each
/// medium is checked (never mounted, never the root disk, on the allow-list — by default loop
/// devices and disks whose serial a job lists), named (serial, or for a loop device its backing file's name as `intake.drive_id_from` says (default the stem)),
/// and handed to the supervisor; `gone` withdraws it.
public struct IntakeService: Service {
    let supervisor: DriveSupervisor
    let registry: JobRegistry
    let source: MonitorSource
    let identity: DriveIdentityRule
    let admitsLoopDevices: Bool
    let allowedDevicePatterns: [String]
    let logger: Logger

    public init(supervisor: DriveSupervisor, registry: JobRegistry, configuration: DaemonConfiguration, logger: Logger) {
        self.supervisor = supervisor
        self.registry = registry
        source = MonitorSource(rawValue: configuration.udevSource) ?? .automatic
        identity = configuration.loopDriveIdRule == .fileName ? .backingFileName : .backingFileStem
        admitsLoopDevices = configuration.acceptLoopDevices
        allowedDevicePatterns = configuration.allowedDevicePatterns
        self.logger = logger
    }

    public func run() async throws {
        let monitor: DeviceMonitor
        do { monitor = try DeviceMonitor(source: source) } catch { throw DaemonStartError("device intake: \(error)") }
        logger.info("\(monitor.selection)")
        await withGracefulShutdownHandler {
            for await event in monitor.events() {
                await handle(event)
            }
        } onGracefulShutdown: {
            monitor.stop()
        }
    }

    private func handle(_ event: DeviceEvent) async {
        switch event {
        case .present(let snapshot):
            let serials = await jobSerials()
            let check = IntakeCheck(policy: IntakePolicy(
                jobSerials: serials, admitsLoopDevices: admitsLoopDevices, extraSerials: [],
                extraDevicePathGlobs: allowedDevicePatterns))
            let decision = check.decide(snapshot)
            if let refusal = decision.refusal {
                logger.debug("device not taken: \(refusal)", metadata: ["device": "\(snapshot.devicePath)"])
                await supervisor.gone(key: snapshot.key.description)
                return
            }
            guard let driveId = identity.driveId(for: snapshot) else {
                logger.notice("device has no drive id (no serial, no backing file); not processed",
                              metadata: ["device": "\(snapshot.devicePath)"])
                return
            }
            await supervisor.present(AttachedMedium(key: snapshot.key.description, devicePath: snapshot.devicePath,
                                                    driveId: driveId))
        case .gone(let key, _):
            await supervisor.gone(key: key.description)
        }
    }

    private func jobSerials() async -> Set<String> {
        guard let jobs = try? await registry.jobs(in: .all) else { return [] }
        // An export job's drives join its drive list at receipt; a disk of its package attached
        // before that is taken (and waits in the supervisor) because the package names it.
        return Set(jobs.flatMap { $0.drives.map(\.driveId) + ($0.packageArrival?.driveIds ?? []) })
    }
}

/// A service that could not start: says which and why.
public struct DaemonStartError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
