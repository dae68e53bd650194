import IEDriveServer
import Foundation
import IEDriveCore

/// Settings given on the command line; nil means "not given".
public struct DaemonFlags: Sendable, Hashable {
    public var configFile: String?
    public var stateDirectory: String?
    public var target: String?
    public var socketPath: String?
    public var clock: String?
    public var maxConcurrentDrives: Int?
    /// `--listen HOST:PORT` (`""` turns the TCP API off).
    public var listen: String?
    /// `--blob-listen HOST:PORT` (`""` turns the Blob endpoint off).
    public var blobListen: String?

    public init(configFile: String? = nil, stateDirectory: String? = nil, target: String? = nil,
                socketPath: String? = nil, clock: String? = nil, maxConcurrentDrives: Int? = nil, listen: String? = nil,
                blobListen: String? = nil) {
        self.listen = listen
        self.blobListen = blobListen
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.target = target
        self.socketPath = socketPath
        self.clock = clock
        self.maxConcurrentDrives = maxConcurrentDrives
    }
}

/// Builds the daemon's configuration in precedence order: embedded defaults < TOML file <
/// `IEDRIVE_*` environment < flags. The file is `--config FILE`, else `IEDRIVE_CONFIG`, else
/// `/etc/iedrive/iedrive.toml` if it exists (a missing default file is fine, a missing named
/// one is an error).
public enum DaemonConfigurationLoader {
    public static let systemConfigFile = "/etc/iedrive/iedrive.toml"

    public static func load(flags: DaemonFlags, environment: [String: String], isRoot: Bool)
        throws(ConfigurationError) -> DaemonConfiguration
    {
        let base = DaemonConfiguration.defaultBaseDirectory(environment: environment, isRoot: isRoot)
        var configuration = DaemonConfiguration.defaults(under: base)
        // Before 2026-12 the embedded default kept the state one level down (<base>/state):
        // such a state is used where it is rather than started afresh beside it.
        let legacy = base + "/state"
        if !FileManager.default.fileExists(atPath: configuration.databasePath),
           FileManager.default.fileExists(atPath: legacy + "/state.sqlite") {
            configuration.stateDirectory = legacy
        }
        if isRoot {
            configuration.socketPath = defaultSocketPath(environment: environment, isRoot: true)
        }
        if let (path, text) = try configurationText(flags: flags, environment: environment) {
            try apply(ConfigurationFile.parse(text, path: path), to: &configuration, source: path)
        }
        try applyEnvironment(environment, to: &configuration)
        try applyFlags(flags, to: &configuration)
        try validate(configuration)
        return configuration
    }

    /// Where the control socket is when nothing says otherwise (the client uses this too):
    /// systemd's `RUNTIME_DIRECTORY`, /run/iedrive as root, else in the user's state directory.
    public static func defaultSocketPath(environment: [String: String], isRoot: Bool) -> String {
        if let runtime = environment["RUNTIME_DIRECTORY"], !runtime.isEmpty {
            return String(runtime.split(separator: ":").first ?? Substring(runtime)) + "/iedrive.sock"
        }
        if isRoot { return "/run/iedrive/iedrive.sock" }
        return DaemonConfiguration.defaults(under: DaemonConfiguration.defaultBaseDirectory(environment: environment, isRoot: false)).socketPath
    }

    private static func configurationText(flags: DaemonFlags, environment: [String: String])
        throws(ConfigurationError) -> (String, String)?
    {
        let named = flags.configFile ?? environment["IEDRIVE_CONFIG"]
        let path = named ?? systemConfigFile
        guard FileManager.default.fileExists(atPath: path) else {
            if let named { throw ConfigurationError("configuration file \(named) does not exist") }
            return nil
        }
        do {
            return (path, try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ConfigurationError("cannot read configuration file \(path): \(error.localizedDescription)")
        }
    }

    static func apply(_ file: ConfigurationFile, to configuration: inout DaemonConfiguration, source: String)
        throws(ConfigurationError)
    {
        if let value = file.stateDir { configuration.stateDirectory = value }
        if let value = file.target { configuration.target = value }
        if let s3 = file.s3 {
            let mode = ((try? FileManager.default.attributesOfItem(atPath: source))?[.posixPermissions] as? NSNumber)?.uint32Value ?? 0o600
            configuration.s3File = S3FileSettings(endpoint: s3.endpoint, region: s3.region, accessKeyID: s3.accessKeyId,
                                                  secretAccessKey: s3.secretAccessKey, path: source, mode: mode)
        }
        if let value = file.socket { configuration.socketPath = value }
        if let value = file.clock { configuration.clock = try clock(value, source: "\(source): clock") }
        if let value = file.maxConcurrentDrives { configuration.maxConcurrentDrives = value }
        if let value = file.readerTimeoutSeconds { configuration.readerTimeoutSeconds = value }
        if let value = file.writerTimeoutSeconds { configuration.writerTimeoutSeconds = value }
        if let intake = file.intake {
            if let value = intake.loopDevices { configuration.acceptLoopDevices = value }
            if let value = intake.driveIdFrom {
                guard let rule = DaemonConfiguration.LoopDriveIdRule(rawValue: value) else {
                    throw ConfigurationError("\(source): intake.drive_id_from must be 'file-stem' or 'file-name', not '\(value)'")
                }
                configuration.loopDriveIdRule = rule
            }
            if let value = intake.allowDevices { configuration.allowedDevicePatterns = value }
            if let value = intake.allowUnencrypted { configuration.allowUnencrypted = value }
            if let value = intake.udevSource { configuration.udevSource = value }
        }
        if let jobs = file.jobs {
            if let value = jobs.subscriptionId { configuration.subscriptionId = value }
            if let value = jobs.resourceGroup { configuration.resourceGroup = value }
        }
        if let value = file.copy?.piecesInFlight { configuration.piecesInFlight = value }
        if let value = file.shutdown?.graceSeconds { configuration.shutdownGraceSeconds = value }
        if let value = file.log?.level { configuration.logLevel = value }
        if let api = file.api {
            if let value = api.listen { configuration.apiListen = try listen(value, source: "\(source): api.listen") }
            if let value = api.tokens {
                guard !value.contains(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) else {
                    throw ConfigurationError("\(source): api.tokens must not contain empty tokens or tokens with spaces")
                }
                configuration.apiTokens = BearerTokens(value)
            }
            if let value = api.tlsCertificate { configuration.apiTLSCertificate = value.isEmpty ? nil : value }
            if let value = api.tlsKey { configuration.apiTLSKey = value.isEmpty ? nil : value }
            if let value = api.maxConnections { configuration.connectionLimits.maxConnections = value }
            if let value = api.headerTimeoutSeconds {
                configuration.connectionLimits.headerTimeout = try seconds(value.value, "\(source): api.header_timeout_seconds")
            }
            if let value = api.bodyTimeoutSeconds {
                configuration.connectionLimits.bodyTimeout = try seconds(value.value, "\(source): api.body_timeout_seconds")
            }
            if let value = api.idleTimeoutSeconds {
                configuration.connectionLimits.idleTimeout = try seconds(value.value, "\(source): api.idle_timeout_seconds")
            }
            if let value = api.maxEventStreams { configuration.maxEventStreams = value }
        }
        if let value = file.storageAccount?.listen {
            configuration.blobListen = try listen(value, source: "\(source): storage_account.listen")
        }
        if let value = file.lifecycle?.receiptLag {
            do {
                configuration.receiptLag = try ReceiptLag(parsing: value)
            } catch {
                throw ConfigurationError("\(source): lifecycle.receipt_lag: \(error)")
            }
        }
    }

    private static func applyEnvironment(_ environment: [String: String], to configuration: inout DaemonConfiguration)
        throws(ConfigurationError)
    {
        if let value = environment["IEDRIVE_STATE_DIR"] { configuration.stateDirectory = value }
        if let value = environment["IEDRIVE_TARGET"] { configuration.target = value }
        if let value = environment["IEDRIVE_SOCKET"] { configuration.socketPath = value }
        if let value = environment["IEDRIVE_CLOCK"] { configuration.clock = try clock(value, source: "IEDRIVE_CLOCK") }
        if let value = environment["IEDRIVE_MAX_CONCURRENT_DRIVES"] {
            guard let count = Int(value) else {
                throw ConfigurationError("IEDRIVE_MAX_CONCURRENT_DRIVES must be a whole number, not '\(value)'")
            }
            configuration.maxConcurrentDrives = count
        }
        if let value = environment["IEDRIVE_LOG_LEVEL"] { configuration.logLevel = value }
        if let value = environment["IEDRIVE_LISTEN"] { configuration.apiListen = try listen(value, source: "IEDRIVE_LISTEN") }
        if let value = environment["IEDRIVE_BLOB_LISTEN"] {
            configuration.blobListen = try listen(value, source: "IEDRIVE_BLOB_LISTEN")
        }
    }

    private static func applyFlags(_ flags: DaemonFlags, to configuration: inout DaemonConfiguration)
        throws(ConfigurationError)
    {
        if let value = flags.stateDirectory { configuration.stateDirectory = value }
        if let value = flags.target { configuration.target = value }
        if let value = flags.socketPath { configuration.socketPath = value }
        if let value = flags.clock { configuration.clock = try clock(value, source: "--clock") }
        if let value = flags.maxConcurrentDrives { configuration.maxConcurrentDrives = value }
        if let value = flags.listen { configuration.apiListen = try listen(value, source: "--listen") }
        if let value = flags.blobListen { configuration.blobListen = try listen(value, source: "--blob-listen") }
    }

    private static func listen(_ text: String, source: String) throws(ConfigurationError) -> ListenAddress? {
        text.isEmpty ? nil : try ListenAddress(parsing: text, source: source)
    }

    private static func seconds(_ value: Double, _ source: String) throws(ConfigurationError) -> Duration {
        guard value > 0, value <= 86_400 else { throw ConfigurationError("\(source) must be more than 0 and at most 86400 seconds") }
        return .milliseconds(Int64(value * 1000))
    }

    private static func clock(_ text: String, source: String) throws(ConfigurationError) -> ClockMode {
        do {
            return try ClockMode(parsing: text)
        } catch {
            throw ConfigurationError("\(source): \(error)")
        }
    }

    static let logLevels: Set<String> = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    private static func validate(_ configuration: DaemonConfiguration) throws(ConfigurationError) {
        guard (1...64).contains(configuration.maxConcurrentDrives) else {
            throw ConfigurationError("max_concurrent_drives must be between 1 and 64, not \(configuration.maxConcurrentDrives)")
        }
        guard (1...100_000).contains(configuration.connectionLimits.maxConnections) else {
            throw ConfigurationError("api.max_connections must be between 1 and 100000, not \(configuration.connectionLimits.maxConnections)")
        }
        guard (0...10_000).contains(configuration.maxEventStreams) else {
            throw ConfigurationError("api.max_event_streams must be between 0 and 10000, not \(configuration.maxEventStreams)")
        }
        guard configuration.readerTimeoutSeconds > 0 else {
            throw ConfigurationError("reader_timeout_seconds must be positive")
        }
        guard (1...86_400).contains(configuration.writerTimeoutSeconds) else {
            throw ConfigurationError("writer_timeout_seconds must be 1…86400")
        }
        guard (1...3600).contains(configuration.shutdownGraceSeconds) else {
            throw ConfigurationError("shutdown.grace_seconds must be between 1 and 3600")
        }
        guard logLevels.contains(configuration.logLevel) else {
            throw ConfigurationError("log.level must be one of \(logLevels.sorted().joined(separator: ", ")), not '\(configuration.logLevel)'")
        }
        guard ["udev", "kernel", "auto"].contains(configuration.udevSource) else {
            throw ConfigurationError("intake.udev_source must be udev, kernel or auto, not '\(configuration.udevSource)'")
        }
        if let address = configuration.apiListen, !address.isLoopback, configuration.apiTokens.isEmpty {
            throw ConfigurationError("api.listen = \(address) is not a loopback address: anyone who can reach it could "
                + "run jobs and read recovery keys. Set [api] tokens = [\"<long random token>\"] (clients send "
                + "Authorization: Bearer <token>), or listen on 127.0.0.1.")
        }
        if (configuration.apiTLSCertificate == nil) != (configuration.apiTLSKey == nil) {
            throw ConfigurationError("api.tls_certificate and api.tls_key go together: set both PEM files (HTTPS) or neither (HTTP)")
        }
        if let pieces = configuration.piecesInFlight, !(1...256).contains(pieces) {
            throw ConfigurationError("copy.pieces_in_flight must be between 1 and 256")
        }
        // The default scope obeys the rules every job's path does, or the CLI's jobs would be
        // refused one by one (and existing jobs adopted into a scope no path can name).
        if let problem = ScopeNames.subscriptionProblem(configuration.subscriptionId) {
            throw ConfigurationError("jobs.subscription_id: \(problem)")
        }
        if let problem = ScopeNames.resourceGroupProblem(configuration.resourceGroup) {
            throw ConfigurationError("jobs.resource_group: \(problem)")
        }
    }
}
