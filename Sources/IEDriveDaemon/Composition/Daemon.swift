import IEDriveAPI
import IEDriveCopy
public import IEDriveCore
public import IEDriveServer
public import Logging
public import ServiceLifecycle

/// What the daemon is built from besides its configuration: the parts a test replaces. In the
/// product (``buildDaemon(_:logger:)``) the store and journal are SQLite, the target the
/// configured one, drives open in reader processes and udev is watched; root-free tests give
/// an in-memory store and sessions, a temporary directory, and no udev.
public struct DaemonParts: Sendable {
    public var store: any JobPersistence
    /// A journal for one drive's copy.
    public var journal: @Sendable () -> any CopyJournal
    public var target: any StorageTarget
    public var sessions: any DriveSessions
    /// Watch udev for drives (the intake service); off in tests that present drives by hand.
    public var watchesDevices: Bool
    /// The simulated clock's last checkpoint (it never starts before it).
    public var clockStart: Instant?
    /// The storage accounts the Blob endpoint serves; nil: none.
    public var accounts: TargetBlobAccounts?

    public init(store: any JobPersistence, journal: @escaping @Sendable () -> any CopyJournal, target: any StorageTarget,
                sessions: any DriveSessions, watchesDevices: Bool = true, clockStart: Instant? = nil,
                accounts: TargetBlobAccounts? = nil) {
        self.accounts = accounts
        self.store = store
        self.journal = journal
        self.target = target
        self.sessions = sessions
        self.watchesDevices = watchesDevices
        self.clockStart = clockStart
    }
}

/// The composition root (STYLE §5–§6): the whole daemon as a value, made from a configuration
/// and its parts with no I/O — state store → registry → drive supervisor (each drive's
/// ``DriveTrip``) → the HTTP faces — and, to run it, a service group in dependency order:
/// clock, device intake, supervisor, metrics, control socket, TCP API, systemd notifier;
/// shutdown runs in reverse and is bounded by `shutdown.grace_seconds`.
public struct Daemon: Sendable {
    public let configuration: DaemonConfiguration
    public let registry: JobRegistry
    public let supervisor: DriveSupervisor
    public let clock: DaemonClock
    public var routes: DaemonRoutes
    let parts: DaemonParts
    let logger: Logger

    /// `jobs`: what the store holds (read by the caller: no I/O here).
    public init(configuration: DaemonConfiguration, parts: DaemonParts, jobs: [Job], logger: Logger) {
        self.configuration = configuration
        self.parts = parts
        self.logger = logger
        clock = DaemonClock(mode: configuration.clock, simulatedStart: parts.clockStart)
        var lifecycleConfiguration = LifecycleConfiguration()
        lifecycleConfiguration.receiptLag = configuration.receiptLag
        registry = JobRegistry(lifecycle: JobLifecycle(configuration: lifecycleConfiguration), clock: clock,
                               persistence: parts.store, hub: EventHub(), jobs: jobs, screen: ExportSelectionScreen.check)
        var copy = CopyOptions()
        copy.piecesInFlight = StorageTargets.piecesInFlight(configuration.piecesInFlight, for: configuration.target)
        copy.commitBytes = StorageTargets.commitBytes(copy.commitBytes, for: configuration.target)
        let targets: any JobTargets = parts.accounts.map { AccountTargets(accounts: $0) } ?? SingleTarget(parts.target)
        let trip = DriveTrip(registry: registry, sessions: parts.sessions, targets: targets, journal: parts.journal,
                             copyOptions: copy, allowUnencrypted: configuration.allowUnencrypted, logger: logger)
        // Export drives are written by the per-drive writer process (iedrive-writer beside iedrive).
        let exportTrip = ExportTrip(registry: registry, targets: targets,
                                    scratchDirectory: configuration.stateDirectory + "/export-scratch",
                                    writerTimeout: .seconds(configuration.writerTimeoutSeconds), logger: logger)
        supervisor = DriveSupervisor(registry: registry, trip: trip, exportTrip: exportTrip,
                                     maxConcurrent: configuration.maxConcurrentDrives, logger: logger)
        routes = DaemonRoutes(registry: registry, supervisor: supervisor, live: ThroughputMeter(),
                              defaultScope: JobScope(subscriptionId: configuration.subscriptionId,
                                                     resourceGroup: configuration.resourceGroup),
                              target: parts.target, maxEventStreams: configuration.maxEventStreams)
        if configuration.blobListen != nil { routes.accounts = parts.accounts }
    }

    /// The service group, ready to run (signals: SIGTERM and SIGINT shut down gracefully).
    /// Throws when the TCP API's TLS files cannot be used.
    public func serviceGroup() throws -> ServiceGroup {
        var services: [any Service] = [
            ClockService(registry: registry, clock: clock, supervisor: supervisor,
                         checkpoint: ClockCheckpoint(stateDirectory: configuration.stateDirectory), logger: logger),
        ]
        if parts.watchesDevices {
            services.append(IntakeService(supervisor: supervisor, registry: registry, configuration: configuration, logger: logger))
        }
        services += [
            SupervisorService(supervisor: supervisor, logger: logger),
            MetricsService(metrics: routes.metrics, hub: registry.hub),
            ControlServer.controlSocket(routes: routes, path: configuration.socketPath,
                                        limits: configuration.connectionLimits, logger: logger),
        ]
        if let address = configuration.apiListen {
            let settings = APIListener.Settings(host: address.host, port: address.port, tokens: configuration.apiTokens,
                                                tlsCertificate: configuration.apiTLSCertificate, tlsKey: configuration.apiTLSKey,
                                                limits: configuration.connectionLimits)
            services.append(try APIListener.application(routes: routes, settings: settings, logger: logger))
        }
        if let address = configuration.blobListen, let accounts = parts.accounts {
            let settings = BlobListener.Settings(host: address.host, port: address.port, limits: configuration.connectionLimits,
                                                 bound: { accounts.endpoint.set(host: address.host, port: $0) })
            services.append(BlobListener.application(accounts: accounts, settings: settings, logger: logger))
        }
        services.append(SystemdService(notifier: SystemdNotifier(), supervisor: supervisor, throughput: routes.live,
                                       hub: registry.hub, logger: logger))
        var group = ServiceGroupConfiguration(services: services.map { .init(service: $0) }, logger: logger)
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        return ServiceGroup(configuration: group)
    }
}
