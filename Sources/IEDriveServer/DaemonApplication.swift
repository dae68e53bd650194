import Foundation
import IEDriveAPI
import IEDriveCopy
import IEDriveCore
public import IEDriveDaemon
import IEDriveStore
import IEDriveVolumes
public import Logging
public import ServiceLifecycle

/// `iedrive daemon`, composed (STYLE §5–§6): state store → registry → device intake → drive
/// supervisor → control socket → systemd notifier, in dependency order; shutdown runs in
/// reverse and is bounded by `shutdown.grace_seconds`.
public struct DaemonApplication: Sendable {
    public let configuration: DaemonConfiguration
    public let registry: JobRegistry
    public let supervisor: DriveSupervisor
    public let routes: DaemonRoutes
    /// Live per-drive progress and total throughput (STATUS=, drive detail).
    let throughput: ThroughputMeter
    let checkpoint: ClockCheckpoint
    let logger: Logger

    /// Opens the state (creating the state directory 0700, the host key 0600 and the target
    /// directory on first start) and builds every part; nothing runs yet.
    public init(configuration: DaemonConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try Self.makeDirectory(configuration.stateDirectory, mode: 0o700)
        let socketDirectory = (configuration.socketPath as NSString).deletingLastPathComponent
        if !socketDirectory.isEmpty { try Self.makeDirectory(socketDirectory, mode: 0o750) }
        let database = try StateDatabase(path: configuration.databasePath)
        let store = JobStore(database: database, hostKey: try HostKey.loadOrCreate(path: configuration.hostKeyPath))
        checkpoint = ClockCheckpoint(stateDirectory: configuration.stateDirectory)
        let clock = DaemonClock(mode: configuration.clock, simulatedStart: checkpoint.load())
        var lifecycleConfiguration = LifecycleConfiguration()
        lifecycleConfiguration.receiptLag = configuration.receiptLag
        let hub = EventHub()
        registry = try JobRegistry(lifecycle: JobLifecycle(configuration: lifecycleConfiguration), clock: clock,
                                   persistence: store, hub: hub)
        if let directory = Self.localPath(of: configuration.target) { try Self.makeDirectory(directory, mode: 0o750) }
        let target = try LocalDirectoryTarget.named(configuration.target)
        try target.checkAccess()
        var copy = CopyOptions()
        if let pieces = configuration.piecesInFlight { copy.piecesInFlight = pieces }
        var readerLogger = logger
        readerLogger[metadataKey: "source"] = "reader"
        let reader = ReaderConfiguration(executable: ReaderConfiguration.defaultExecutable(),
                                         timeout: .seconds(configuration.readerTimeoutSeconds), mappedReads: true,
                                         log: { [readerLogger] line in readerLogger.debug("\(line)") })
        let pipeline = DrivePipeline(registry: registry, target: target, database: database,
                                     readerConfiguration: reader, copyOptions: copy,
                                     allowUnencrypted: configuration.allowUnencrypted, logger: logger)
        supervisor = DriveSupervisor(registry: registry, pipeline: pipeline,
                                     maxConcurrent: configuration.maxConcurrentDrives, logger: logger)
        throughput = ThroughputMeter()
        routes = DaemonRoutes(registry: registry, supervisor: supervisor, live: throughput,
                              scope: JobResourceContext(subscriptionId: configuration.subscriptionId,
                                                        resourceGroup: configuration.resourceGroup),
                              target: target)
    }

    /// The service group, ready to run (signals: SIGTERM and SIGINT shut down gracefully).
    /// Throws when the TCP API's TLS files cannot be used.
    public func serviceGroup() throws -> ServiceGroup {
        var services: [any Service] = [
            ClockService(registry: registry, supervisor: supervisor, checkpoint: checkpoint, logger: logger),
            IntakeService(supervisor: supervisor, registry: registry, configuration: configuration, logger: logger),
            SupervisorService(supervisor: supervisor, logger: logger),
            MetricsService(metrics: routes.metrics, hub: registry.hub),
            ControlServer.controlSocket(routes: routes, path: configuration.socketPath, logger: logger),
        ]
        if let address = configuration.apiListen {
            services.append(try APIListener.application(routes: routes, address: address, configuration: configuration,
                                                        logger: logger))
        }
        services += [
            SystemdService(notifier: SystemdNotifier(), supervisor: supervisor, throughput: throughput,
                           hub: registry.hub, logger: logger),
        ]
        var group = ServiceGroupConfiguration(services: services.map { .init(service: $0) }, logger: logger)
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        return ServiceGroup(configuration: group)
    }

    /// The directory a path or `file://` target names (created on first start, like the state).
    static func localPath(of target: String) -> String? {
        if target.hasPrefix("file://") { return URL(string: target)?.path }
        return target.contains("://") ? nil : target
    }

    static func makeDirectory(_ path: String, mode: mode_t) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("\(path) exists and is not a directory") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(mode)])
    }
}
