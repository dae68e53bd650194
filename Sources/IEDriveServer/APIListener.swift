import Foundation
public import Hummingbird
import HummingbirdTLS
public import IEDriveDaemon
public import Logging
import NIOSSL

/// The TCP API (`api.listen`): the same routes as the control socket, behind the bearer-token
/// gate when `api.tokens` is set, over HTTPS when `api.tls_certificate`/`api.tls_key` are set.
public enum APIListener {
    /// The application for `address`, or a configuration error (unreadable certificate or key).
    public static func application(routes: DaemonRoutes, address: ListenAddress, configuration: DaemonConfiguration,
                                   logger: Logger) throws -> some ApplicationProtocol
    {
        let tls = try configuration.apiTLSCertificate.flatMap { certificate in
            try configuration.apiTLSKey.map { try tlsConfiguration(certificate: certificate, key: $0) }
        }
        let scheme = tls == nil ? "http" : "https"
        let tokens = configuration.apiTokens
        let router = routes.router(tokens: tokens.isEmpty ? nil : tokens, scheme: scheme)
        let applicationConfiguration = ApplicationConfiguration(address: .hostname(address.host, port: address.port),
                                                                serverName: "iedrive")
        let announce: @Sendable (Int?) -> Void = { bound in
            let port = bound ?? address.port
            let host = address.host.contains(":") ? "[\(address.host)]" : address.host
            logger.notice("API listening", metadata: ["url": "\(scheme)://\(host):\(port)", "port": "\(port)",
                                                      "tokens": "\(tokens.count)"])
        }
        if let tls {
            return Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls),
                               configuration: applicationConfiguration,
                               onServerRunning: { announce($0.localAddress?.port) }, logger: logger)
        }
        return Application(router: router, server: .http1(), configuration: applicationConfiguration,
                           onServerRunning: { announce($0.localAddress?.port) }, logger: logger)
    }

    static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
        } catch {
            throw ConfigurationError("api.tls_certificate \(certificate) / api.tls_key \(key) cannot be used: \(error). Give PEM files readable by the daemon.")
        }
    }
}
