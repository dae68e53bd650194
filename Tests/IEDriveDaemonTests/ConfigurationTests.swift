import Foundation
@testable import IEDriveDaemon
import IEDriveCore
import IEDriveServer
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsWithoutFileOrEnvironment() throws {
        let configuration = try DaemonConfigurationLoader.load(
            flags: DaemonFlags(configFile: nil), environment: ["HOME": "/home/operator"], isRoot: false)
        #expect(configuration.stateDirectory == "/home/operator/.local/state/iedrive")
        #expect(configuration.target == "/home/operator/.local/state/iedrive/target")
        #expect(configuration.socketPath == "/home/operator/.local/state/iedrive/iedrive.sock")
        let xdg = ["HOME": "/home/operator", "XDG_STATE_HOME": "/var/tmp/xdg"]
        #expect(DaemonConfiguration.defaultDatabasePath(environment: xdg, isRoot: false) == "/var/tmp/xdg/iedrive/state.sqlite")
        #expect(DaemonConfigurationLoader.defaultSocketPath(environment: xdg, isRoot: false) == "/var/tmp/xdg/iedrive/iedrive.sock")
        // The daemon (as root) and `iedrive import` share one state database.
        #expect(DaemonConfiguration.defaultDatabasePath(environment: [:], isRoot: true) == "/var/lib/iedrive/state.sqlite")
        #expect(configuration.clock == .real)
        #expect(configuration.maxConcurrentDrives == 2)
    }

    @Test func precedenceFileThenEnvironmentThenFlags() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iedrive-config-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/iedrive.toml"
        try """
        state_dir = "/srv/state"
        target = "/srv/target"
        clock = "manual"
        max_concurrent_drives = 3
        [intake]
        drive_id_from = "file-name"
        [log]
        level = "debug"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        #expect(fromFile.stateDirectory == "/srv/state")
        #expect(fromFile.clock == .manual)
        #expect(fromFile.maxConcurrentDrives == 3)
        #expect(fromFile.loopDriveIdRule == .fileName)
        #expect(fromFile.logLevel == "debug")
        let withEnvironment = try DaemonConfigurationLoader.load(
            flags: DaemonFlags(configFile: file), environment: ["IEDRIVE_TARGET": "/env/target", "IEDRIVE_CLOCK": "accelerated:60"],
            isRoot: false)
        #expect(withEnvironment.target == "/env/target")
        #expect(withEnvironment.clock.description == "accelerated:60")
        let withFlags = try DaemonConfigurationLoader.load(
            flags: DaemonFlags(configFile: file, target: "/flag/target", clock: "real"),
            environment: ["IEDRIVE_TARGET": "/env/target"], isRoot: false)
        #expect(withFlags.target == "/flag/target")
        #expect(withFlags.clock == .real)
        #expect(withFlags.stateDirectory == "/srv/state")
    }

    @Test func unknownKeyAndBadValuesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iedrive-config-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/bad.toml"
        try "stat_dir = \"/typo\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let unknown = #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        }
        #expect(unknown?.description.contains("stat_dir") == true)
        try "max_concurrent_drives = \"two\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let wrongType = #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        }
        #expect(wrongType?.description.contains("max_concurrent_drives") == true)
        let badClock = #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(clock: "fast"), environment: [:], isRoot: false)
        }
        #expect(badClock?.description.contains("--clock") == true)
        #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: directory + "/missing.toml"), environment: [:], isRoot: false)
        }
        #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(maxConcurrentDrives: 0), environment: [:], isRoot: false)
        }
    }

    @Test func shippedConfigFileParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("config/iedrive.toml").path
        let configuration = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: true)
        #expect(configuration.stateDirectory == "/var/lib/iedrive")
        #expect(configuration.socketPath == "/run/iedrive/iedrive.sock")
        #expect(configuration.connectionLimits.maxConnections == 512)
        #expect(configuration.connectionLimits.headerTimeout == .seconds(10))
        #expect(configuration.connectionLimits.bodyTimeout == .seconds(30))
        #expect(configuration.connectionLimits.idleTimeout == .seconds(60))
        #expect(configuration.maxEventStreams == 64)
        #expect(configuration.blobListen == ListenAddress(host: "127.0.0.1", port: 10000))
    }

    @Test func theBlobEndpointIsConfiguredLikeTheAPI() throws {
        let defaults = try DaemonConfigurationLoader.load(flags: DaemonFlags(), environment: [:], isRoot: false)
        #expect(defaults.blobListen == ListenAddress(host: "127.0.0.1", port: 10000))
        let environment = try DaemonConfigurationLoader.load(flags: DaemonFlags(), environment: ["IEDRIVE_BLOB_LISTEN": "127.0.0.1:0"],
                                                             isRoot: false)
        #expect(environment.blobListen == ListenAddress(host: "127.0.0.1", port: 0))
        let off = try DaemonConfigurationLoader.load(flags: DaemonFlags(blobListen: ""), environment: ["IEDRIVE_BLOB_LISTEN": "127.0.0.1:0"],
                                                     isRoot: false)
        #expect(off.blobListen == nil)
        #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(blobListen: "nonsense"), environment: [:], isRoot: false)
        }
        // Three listeners share the descriptors: each cap fits a third of what is left.
        let fitted = defaults.fitting(openFiles: 1_024 + defaults.reservedDescriptors)
        #expect(fitted.configuration.connectionLimits.maxConnections == 341)
    }

    @Test func listenerTimeoutsTakeWholeOrFractionalSeconds() throws {
        let directory = NSTemporaryDirectory() + "iedrive-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/limits.toml"
        try "[api]\nheader_timeout_seconds = 3\nbody_timeout_seconds = 2.5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        #expect(configuration.connectionLimits.headerTimeout == .seconds(3))
        #expect(configuration.connectionLimits.bodyTimeout == .milliseconds(2500))
        try "[api]\nidle_timeout_seconds = 0\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        }
        #expect(refused?.description.contains("idle_timeout_seconds") == true)
    }

    /// `[s3]` is read with the file's mode; a secret in a file others can read is refused when
    /// the target is opened, naming the fix and never the secret; the AWS_* variables win.
    @Test func anS3SectionIsReadAndItsSecretMustBePrivate() throws {
        let directory = NSTemporaryDirectory() + "iedrive-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/s3.toml"
        try """
            target = "s3://intake/site-a"
            [s3]
            endpoint = "http://127.0.0.1:7480"
            region = "eu-1"
            access_key_id = "FILEKEY"
            secret_access_key = "file-secret-value"
            """.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let configuration = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        #expect(configuration.target == "s3://intake/site-a" && configuration.s3File?.section.mode == 0o600)
        let target = try StorageTargets.open(configuration.target, environment: [:], s3File: configuration.s3File)
        #expect(target.displayName == "s3://intake/site-a")
        chmod(file, 0o644)
        let open = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        let refused = #expect(throws: TargetError.self) { try StorageTargets.open(open.target, environment: [:], s3File: open.s3File) }
        #expect(refused?.description.contains("chmod 600") == true && refused?.description.contains("file-secret-value") == false,
                "\(String(describing: refused))")
        // Keys from the environment alone suffice (no [s3] section needed).
        _ = try StorageTargets.open(open.target, environment: ["AWS_ACCESS_KEY_ID": "K", "AWS_SECRET_ACCESS_KEY": "S"], s3File: nil)
    }

    /// The configured default scope is held to the rules of every job path: a GUID subscription
    /// and an ARM resource group name; the refusal names the key and the rule.
    @Test func theDefaultScopeObeysTheScopeRules() throws {
        let directory = NSTemporaryDirectory() + "iedrive-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/scope.toml"
        let subscription = UUID().uuidString
        try "[jobs]\nsubscription_id = \"\(subscription)\"\nresource_group = \"rg-intake.(west)\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        #expect(configuration.subscriptionId == subscription && configuration.resourceGroup == "rg-intake.(west)")
        for (body, key, rule) in [
            ("subscription_id = \"my-subscription\"", "jobs.subscription_id", "GUID"),
            ("resource_group = \"intake group\"", "jobs.resource_group", "only letters, digits"),
            ("resource_group = \"intake.\"", "jobs.resource_group", "does not end in '.'"),
            ("resource_group = \"\"", "jobs.resource_group", "1 to 90 characters"),
        ] {
            try "[jobs]\n\(body)\n".write(toFile: file, atomically: true, encoding: .utf8)
            let refused = #expect(throws: ConfigurationError.self) {
                try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
            }
            #expect(refused?.description.contains(key) == true && refused?.description.contains(rule) == true, "\(String(describing: refused))")
        }
    }
}

@Suite struct APIConfigurationTests {
    @Test func listenDefaultsToLoopback8780AndEmptyTurnsItOff() throws {
        let defaults = try DaemonConfigurationLoader.load(flags: DaemonFlags(), environment: [:], isRoot: false)
        #expect(defaults.apiListen == ListenAddress(host: "127.0.0.1", port: 8780))
        let off = try DaemonConfigurationLoader.load(flags: DaemonFlags(listen: ""), environment: [:], isRoot: false)
        #expect(off.apiListen == nil)
        let environment = try DaemonConfigurationLoader.load(flags: DaemonFlags(), environment: ["IEDRIVE_LISTEN": "[::1]:9000"],
                                                             isRoot: false)
        #expect(environment.apiListen == ListenAddress(host: "::1", port: 9000))
        let flag = try DaemonConfigurationLoader.load(flags: DaemonFlags(listen: "localhost:1"), environment: ["IEDRIVE_LISTEN": "[::1]:9000"],
                                                      isRoot: false)
        #expect(flag.apiListen == ListenAddress(host: "localhost", port: 1))
    }

    @Test func loopbackAddresses() throws {
        for text in ["127.0.0.1:1", "127.9.8.7:1", "127.1:1", "127.0.1:8780", "[::1]:1", "[::ffff:127.0.0.1]:1", "localhost:1"] {
            #expect(try ListenAddress(parsing: text, source: "t").isLoopback, "\(text)")
        }
        for text in ["0.0.0.0:1", "10.0.0.1:1", "[::]:1", "[fe80::1]:1", "example.com:1", "128.0.0.1:1"] {
            #expect(try !ListenAddress(parsing: text, source: "t").isLoopback, "\(text)")
        }
        for text in ["127.0.0.1", ":80", "127.0.0.1:65536", "127.0.0.1:x", "[::1]80"] {
            #expect(throws: ConfigurationError.self, "\(text)") { try ListenAddress(parsing: text, source: "t") }
        }
    }

    @Test func nonLoopbackNeedsTokensAndTLSNeedsBothFiles() throws {
        #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(listen: "0.0.0.0:8780"), environment: [:], isRoot: false)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iedrive-api-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/api.toml"
        try "[api]\nlisten = \"0.0.0.0:8780\"\ntokens = [\"abc-123\"]\n".write(toFile: file, atomically: true, encoding: .utf8)
        let open = try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        #expect(open.apiListen?.isLoopback == false && open.apiTokens.count == 1)
        #expect(!"\(open)".contains("abc-123"), "tokens never appear in a description")
        try "[api]\ntls_certificate = \"/x.pem\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        }
        try "[api]\ntokens = [\"\"]\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) {
            try DaemonConfigurationLoader.load(flags: DaemonFlags(configFile: file), environment: [:], isRoot: false)
        }
    }

    @Test func tokensCompareWholly() {
        let tokens = BearerTokens(["first-token", "second"])
        #expect(tokens.accepts("first-token") && tokens.accepts("second"))
        for wrong in ["", "first", "first-token ", "first-tokem", "secon", "second2", "SECOND"] {
            #expect(!tokens.accepts(wrong), "\(wrong)")
        }
        #expect(!BearerTokens([]).accepts(""))
    }
}

@Suite struct DescriptorBudgetTests {
    @Test func listenersLeaveTheDaemonItsOwnDescriptors() throws {
        var configuration = DaemonConfiguration.defaults(under: "/srv/iedrive")
        configuration.maxConcurrentDrives = 4
        configuration.connectionLimits.maxConnections = 512
        let roomy = configuration.fitting(openFiles: 65_536)
        #expect(roomy.note == nil && roomy.configuration.connectionLimits.maxConnections == 512)
        // systemd's default soft limit: two listeners of 512 would not leave 512 descriptors.
        let tight = configuration.fitting(openFiles: 1024)
        let cap = tight.configuration.connectionLimits.maxConnections
        #expect(2 * cap + configuration.reservedDescriptors <= 1024)
        #expect(tight.note?.contains("api.max_connections lowered from 512") == true)
    }
}
