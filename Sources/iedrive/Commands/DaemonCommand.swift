import ArgumentParser
import Foundation
import IEDriveDaemon
import IEDriveSystem
import Logging
import ServiceLifecycle

/// `iedrive daemon`: the intake service.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the intake daemon: notice drives, match them to jobs, process them, keep every state.",
        discussion: """
            Runs until SIGTERM or SIGINT: udev device intake (coldplug first), a drive pipeline \
            per attached drive whose job says it is Received (probe, BitLocker unlock, manifest, \
            copy into the target, drive logs), the simulated job lifecycle on its clock, and the \
            control socket that `iedrive jobs …` and `iedrive sim …` talk to, and the HTTP API \
            (ARM Microsoft.ImportExport plus /iedrive/v1) on --listen, default 127.0.0.1:8780.

            Settings, lowest precedence first: embedded defaults, the TOML file (--config, \
            $IEDRIVE_CONFIG, else /etc/iedrive/iedrive.toml if present; config/iedrive.toml \
            documents every key), IEDRIVE_* environment variables, these flags. Defaults put \
            everything under /var/lib/iedrive (root) or $XDG_STATE_HOME/iedrive, by default \
            ~/.local/state/iedrive (others), where `iedrive import` keeps its journal too.

            Under systemd (Type=notify) it reports READY, STATUS (drives in flight, MB/s), \
            WATCHDOG pings and STOPPING. On SIGTERM it stops taking drives, checkpoints running \
            copies (they resume from their journals at the next start) and exits within \
            shutdown.grace_seconds.

            Exit status: 0 after a clean shutdown; 1 when it cannot start (the message says why).
            """)

    @Option(help: ArgumentHelp("The TOML configuration file.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("State directory: SQLite state, host key, clock.", valueName: "dir"))
    var stateDir: String?

    @Option(help: ArgumentHelp("Storage target: a directory or file:// URL.", valueName: "path|url"))
    var target: String?

    @Option(help: ArgumentHelp("The control socket clients use.", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("Simulated clock: real, accelerated:FACTOR or manual.", valueName: "mode"))
    var clock: String?

    @Option(help: ArgumentHelp("Drives processed at the same time (1–64).", valueName: "n"))
    var maxConcurrentDrives: Int?

    @Option(help: ArgumentHelp("""
        The TCP API's address (default 127.0.0.1:8780; "" turns it off). A non-loopback address \
        needs [api] tokens in the configuration.
        """, valueName: "host:port"))
    var listen: String?

    @Option(name: .customLong("blob-listen"), help: ArgumentHelp("""
        The storage accounts' Blob endpoint (default 127.0.0.1:10000; "" turns it off): Azure Blob \
        storage, path-style http://HOST:PORT/ACCOUNT/CONTAINER/BLOB, Shared Key or SAS. \
        `iedrive storage connection-string ACCOUNT` prints an account's connection string.
        """, valueName: "host:port"))
    var blobListen: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfigurationLoader.load(
                flags: DaemonFlags(configFile: config, stateDirectory: stateDir, target: target, socketPath: socket,
                                   clock: clock, maxConcurrentDrives: maxConcurrentDrives, listen: listen,
                                   blobListen: blobListen),
                environment: environment, isRoot: SystemCall.geteuid() == 0)
        } catch {
            throw CommandFailure(error.description, status: ExitStatus.usage)
        }
        let logger = DaemonLogging.bootstrap(level: configuration.logLevel)
        let daemon: Daemon
        let group: ServiceGroup
        do {
            daemon = try buildDaemon(configuration, logger: logger)
            group = try daemon.serviceGroup()
        } catch {
            throw CommandFailure("cannot start: \(error)")
        }
        daemon.routes.metrics.bootstrapMetricsSystem()
        logger.notice("starting", metadata: [
            "state": "\(configuration.stateDirectory)", "target": "\(configuration.target)",
            "socket": "\(configuration.socketPath)", "clock": "\(configuration.clock)",
            "api": "\(configuration.apiListen?.description ?? "off")",
            "blob": "\(configuration.blobListen?.description ?? "off")",
        ])
        do {
            try await group.run()
        } catch {
            logger.critical("stopped on an error: \(error)")
            throw CommandFailure("\(error)")
        }
        logger.notice("stopped")
    }
}
