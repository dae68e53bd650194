public import IEDriveServer
public import IEDriveCore

/// Everything `iedrive daemon` runs with. Built from embedded defaults, then the TOML file,
/// then `IEDRIVE_*` environment variables, then flags (`DaemonConfigurationLoader`); the keys
/// and their meaning are documented in config/iedrive.toml.
public struct DaemonConfiguration: Sendable, Hashable {
    /// `state_dir`: the SQLite state, the host key, the clock checkpoint.
    public var stateDirectory: String
    /// `target`: where imported blobs go (a directory path, a `file://` URL or `s3://BUCKET[/PREFIX]`).
    public var target: String
    /// `[s3]`: an S3 target's endpoint, region and keys from the configuration file, with the
    /// file's path and mode (nil: no such section).
    public var s3File: S3FileSettings?
    /// `socket`: the local control socket that `iedrive jobs …`/`iedrive sim …` talk to.
    public var socketPath: String
    /// `clock`: how simulated time moves.
    public var clock: ClockMode
    /// `max_concurrent_drives`: drives processed at once; others wait attached.
    public var maxConcurrentDrives: Int
    /// `reader_timeout_seconds`: the reader watchdog per request.
    public var readerTimeoutSeconds: Int
    /// `intake.loop_devices`: loop devices may be processed (the test and demo path).
    public var acceptLoopDevices: Bool
    /// `intake.drive_id_from`: how a loop device's DriveId is derived from its backing file.
    public var loopDriveIdRule: LoopDriveIdRule
    /// `intake.allow_unencrypted`: accept drives without BitLocker (plain NTFS) — for test
    /// benches only; the service requires BitLocker and says "BitLocker volume not found".
    public var allowUnencrypted: Bool
    /// `intake.allow_devices`: device paths (globs such as `/dev/sd*`) processed even when no
    /// job names their serial. Empty by default: real disks only when a job names them.
    public var allowedDevicePatterns: [String]
    /// `intake.udev_source`: `udev` (after udevd has processed the event), `kernel`, `auto`.
    public var udevSource: String
    /// `jobs.subscription_id` / `jobs.resource_group`: the ARM scope jobs made through the
    /// control socket live in.
    public var subscriptionId: String
    public var resourceGroup: String
    /// `copy.pieces_in_flight`.
    public var piecesInFlight: Int?
    /// `shutdown.grace_seconds`: how long SIGTERM waits for drives to checkpoint.
    public var shutdownGraceSeconds: Int
    /// `log.level`: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String
    /// `lifecycle.receipt_lag`: delay between a package's delivery and its drives being Received.
    public var receiptLag: ReceiptLag
    /// `api.listen`: the TCP API's address; nil when turned off (`listen = ""`).
    public var apiListen: ListenAddress?
    /// `api.tokens`: bearer tokens the TCP API requires (none: no token needed on loopback).
    public var apiTokens: BearerTokens
    /// `api.tls_certificate` / `api.tls_key`: PEM files; the TCP API speaks HTTPS when both are set.
    public var apiTLSCertificate: String?
    public var apiTLSKey: String?
    /// `api.max_connections`, `api.header_timeout_seconds`, `api.body_timeout_seconds`,
    /// `api.idle_timeout_seconds`: what every listener (the TCP API, the control socket) holds
    /// and for how long (``ConnectionLimits``).
    public var connectionLimits: ConnectionLimits
    /// `api.max_event_streams`: event-stream clients at once per listener; over it, a 503.
    public var maxEventStreams: Int
    /// `storage_account.listen`: the storage accounts' Blob endpoint; nil when turned off.
    public var blobListen: ListenAddress? = ListenAddress(host: "127.0.0.1", port: ListenAddress.defaultBlobPort)
    /// `writer_timeout_seconds`: the export writer's watchdog per request (a write or flush of
    /// a drive that never returns fails the drive as "Hardware error").
    public var writerTimeoutSeconds: Int = 300

    /// How the DriveId of a loop device is derived from its backing file.
    public enum LoopDriveIdRule: String, Sendable, Hashable, CaseIterable {
        /// `DRIVE01.img` → `DRIVE01` (the last extension dropped).
        case fileStem = "file-stem"
        /// `DRIVE01.img` → `DRIVE01.img`.
        case fileName = "file-name"
    }

    /// The embedded defaults: everything under `directory` (the state database and host key,
    /// the target, the socket), real time.
    public static func defaults(under directory: String) -> DaemonConfiguration {
        DaemonConfiguration(
            stateDirectory: directory,
            target: directory + "/target",
            socketPath: directory + "/iedrive.sock",
            clock: .real,
            maxConcurrentDrives: 2,
            readerTimeoutSeconds: 60,
            acceptLoopDevices: true,
            loopDriveIdRule: .fileStem,
            allowUnencrypted: false,
            allowedDevicePatterns: [],
            udevSource: "auto",
            subscriptionId: "00000000-0000-0000-0000-000000000000",
            resourceGroup: "iedrive",
            piecesInFlight: nil,
            shutdownGraceSeconds: 20,
            logLevel: "info",
            receiptLag: .default,
            apiListen: .default,
            apiTokens: BearerTokens([]),
            apiTLSCertificate: nil,
            apiTLSKey: nil,
            connectionLimits: ConnectionLimits(),
            maxEventStreams: 64)
    }

    /// Where state lives when nothing says otherwise, for the daemon and every command alike:
    /// systemd's `STATE_DIRECTORY` when set, the system's /var/lib/iedrive as root, else the
    /// user's `$XDG_STATE_HOME/iedrive` (`~/.local/state/iedrive`); `./iedrive-data` only when
    /// not even `HOME` is set.
    public static func defaultBaseDirectory(environment: [String: String], isRoot: Bool) -> String {
        if let state = environment["STATE_DIRECTORY"], !state.isEmpty {
            return String(state.split(separator: ":").first ?? Substring(state))
        }
        if isRoot { return "/var/lib/iedrive" }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/iedrive" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/iedrive" }
        return "./iedrive-data"
    }

    /// Descriptors the daemon keeps for its own work whatever its listeners hold: the state
    /// database and its WAL, journals, logs, the clock checkpoint, and per drive its device,
    /// the reader's pipes and the staging files of the pieces in flight.
    public var reservedDescriptors: Int { 256 + 64 * maxConcurrentDrives }

    /// These settings with each listener's connection cap lowered, when needed, so that both
    /// listeners full still leave ``reservedDescriptors`` free under a limit of `openFiles`
    /// descriptors: the daemon's own state, journal and log writes never meet EMFILE. The
    /// note says what was lowered, for the log.
    public func fitting(openFiles: Int) -> (configuration: DaemonConfiguration, note: String?) {
        let listeners = 1 + (apiListen == nil ? 0 : 1) + (blobListen == nil ? 0 : 1)
        let room = max(16, (openFiles - reservedDescriptors) / listeners)
        guard connectionLimits.maxConnections > room else { return (self, nil) }
        var fitted = self
        fitted.connectionLimits.maxConnections = room
        return (fitted, "api.max_connections lowered from \(connectionLimits.maxConnections) to \(room) per listener: "
            + "the process may open \(openFiles) descriptors and keeps \(reservedDescriptors) for its own work "
            + "(raise LimitNOFILE, or lower max_concurrent_drives)")
    }

    /// The state database the daemon and `iedrive import` use when nothing says otherwise.
    public static func defaultDatabasePath(environment: [String: String], isRoot: Bool) -> String {
        defaults(under: defaultBaseDirectory(environment: environment, isRoot: isRoot)).databasePath
    }

    /// The configuration's own file paths.
    public var databasePath: String { stateDirectory + "/state.sqlite" }
    public var hostKeyPath: String { stateDirectory + "/host.key" }
}
