public import Hummingbird
public import Logging

/// The Blob endpoint's listener: the storage accounts over HTTP, path-style, with the same
/// connection limits as every listener of the daemon (`ConnectionLimits`).
public enum BlobListener {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var limits: ConnectionLimits
        /// Called with the bound port once listening (port 0 takes a free one).
        public var bound: (@Sendable (Int) -> Void)?

        public init(host: String, port: Int, limits: ConnectionLimits = ConnectionLimits(), bound: (@Sendable (Int) -> Void)? = nil) {
            self.host = host
            self.port = port
            self.limits = limits
            self.bound = bound
        }
    }

    public static func application(accounts: any BlobAccounts, settings: Settings, logger: Logger) -> some ApplicationProtocol {
        let responder = BlobResponder(accounts: accounts, isHTTPS: false, logger: logger)
        let connections = ConnectionRegistry(limits: settings.limits)
        return Application(
            responder: responder,
            server: .http1(configuration: connections.channelConfiguration),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "iedrive"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                settings.bound?(port)
                let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
                logger.notice("Blob endpoint listening", metadata: ["url": "http://\(host):\(port)", "port": "\(port)"])
            },
            logger: logger)
    }
}
