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

    @Option(help: ArgumentHelp("The jobs' subscription id (default $IEDRIVE_SUBSCRIPTION, else the daemon's configured "
                               + "[jobs] subscription_id).", valueName: "guid"))
    var subscription: String?

    @Option(help: ArgumentHelp("The jobs' resource group (default $IEDRIVE_RESOURCE_GROUP, else the daemon's configured "
                               + "[jobs] resource_group).", valueName: "name"))
    var resourceGroup: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    /// The calls to the daemon, in the scope the options or the environment name (parts left
    /// out: the daemon's configured default, for ARM paths; a job name alone, for its own).
    func calls() throws -> DaemonCalls {
        let environment = ProcessInfo.processInfo.environment
        let subscription = (subscription ?? environment["IEDRIVE_SUBSCRIPTION"]).flatMap { $0.isEmpty ? nil : $0 }
        let group = (resourceGroup ?? environment["IEDRIVE_RESOURCE_GROUP"]).flatMap { $0.isEmpty ? nil : $0 }
        return DaemonCalls(client: try client(), subscriptionId: subscription, resourceGroup: group)
    }

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
