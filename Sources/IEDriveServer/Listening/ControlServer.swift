import IEDriveSystem
public import Hummingbird
public import Logging

/// The daemon's HTTP faces: the local control socket (always) — the same routes the TCP API
/// serves. Built once (`DaemonRoutes`), bound where the configuration says.
public enum ControlServer {
    /// An application on the unix control socket: a stale socket file is removed first, the
    /// new one is made group-accessible (0660) once listening.
    public static func controlSocket(routes: DaemonRoutes, path: String, limits: ConnectionLimits = ConnectionLimits(),
                                     logger: Logger) -> some ApplicationProtocol {
        try? SystemCall.unlink(path)
        return Application(
            router: routes.router(),
            server: .http1(configuration: ConnectionRegistry(limits: limits).channelConfiguration),
            configuration: ApplicationConfiguration(address: .unixDomainSocket(path: path), serverName: "iedrive"),
            onServerRunning: { _ in
                try? SystemCall.chmod(path, permissions: 0o660)
                logger.info("control socket listening", metadata: ["socket": "\(path)"])
            },
            logger: logger)
    }
}
