import ArgumentParser
import Foundation
import IEDriveClient
import IEDriveDaemon
import IEDriveSystem

/// How a client command reaches the daemon.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon: its control socket path, or http://HOST:PORT (default $IEDRIVE_ENDPOINT, else the default control socket).",
                               valueName: "path|url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("Bearer token for an HTTP endpoint (default $IEDRIVE_TOKEN).", valueName: "token"))
    var token: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func client() throws -> DaemonClient {
        let environment = ProcessInfo.processInfo.environment
        let text = endpoint ?? environment["IEDRIVE_ENDPOINT"]
            ?? DaemonConfigurationLoader.defaultSocketPath(environment: environment, isRoot: SystemCall.geteuid() == 0)
        do {
            return DaemonClient(endpoint: try Endpoint(parsing: text), token: token ?? environment["IEDRIVE_TOKEN"])
        } catch {
            throw CommandFailure(error.description, status: ExitStatus.usage)
        }
    }
}
