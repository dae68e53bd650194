import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOSSL

/// The TCP API (`api.listen`): the same routes as the control socket, behind the bearer-token
/// gate when `api.tokens` is set, over HTTPS when `api.tls_certificate`/`api.tls_key` are set.
public enum APIListener {
    /// Where and how the TCP API listens.
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var tokens: BearerTokens
        /// PEM files; both set: HTTPS.
        public var tlsCertificate: String?
        public var tlsKey: String?
        public var limits: ConnectionLimits
        /// Told the port once listening (with port 0 the kernel picks it).
        public var bound: (@Sendable (Int) -> Void)?

        public init(host: String, port: Int, tokens: BearerTokens, tlsCertificate: String? = nil, tlsKey: String? = nil,
                    limits: ConnectionLimits = ConnectionLimits()) {
            self.limits = limits
            self.host = host
            self.port = port
            self.tokens = tokens
            self.tlsCertificate = tlsCertificate
            self.tlsKey = tlsKey
        }
    }

    /// The application, or a configuration error (unreadable certificate or key).
    public static func application(routes: DaemonRoutes, settings: Settings, logger: Logger) throws -> some ApplicationProtocol {
        let tls = try settings.tlsCertificate.flatMap { certificate in
            try settings.tlsKey.map { try tlsConfiguration(certificate: certificate, key: $0) }
        }
        let scheme = tls == nil ? "http" : "https"
        let tokens = settings.tokens
        let router = routes.router(tokens: tokens.isEmpty ? nil : tokens, scheme: scheme)
        let applicationConfiguration = ApplicationConfiguration(address: .hostname(settings.host, port: settings.port),
                                                                serverName: "iedrive")
        let announce: @Sendable (Int?) -> Void = { bound in
            let port = bound ?? settings.port
            settings.bound?(port)
            let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
            logger.notice("API listening", metadata: ["url": "\(scheme)://\(host):\(port)", "port": "\(port)",
                                                      "tokens": "\(tokens.count)"])
        }
        let connections = ConnectionRegistry(limits: settings.limits)
        let http1 = HTTPServerBuilder.http1(configuration: connections.channelConfiguration)
        if let tls {
            return Application(router: router, server: try .tls(http1, tlsConfiguration: tls),
                               configuration: applicationConfiguration,
                               onServerRunning: { announce($0.localAddress?.port) }, logger: logger)
        }
        return Application(router: router, server: http1, configuration: applicationConfiguration,
                           onServerRunning: { announce($0.localAddress?.port) }, logger: logger)
    }

    static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
        } catch {
            throw ListenerError("api.tls_certificate \(certificate) / api.tls_key \(key) cannot be used: \(error). Give PEM files readable by the daemon.")
        }
    }
}

/// A listener that cannot be set up as configured: says what to fix.
public struct ListenerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
