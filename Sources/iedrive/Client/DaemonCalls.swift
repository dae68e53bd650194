import Foundation
import IEDriveAPI
import IEDriveClient
import IEDriveCore

/// The requests client commands make, with the daemon's errors turned into command failures
/// that print the ARM error's message.
struct DaemonCalls {
    let client: DaemonClient
    /// The scope `--subscription`/`--resource-group` (or the environment) named; nil parts
    /// come from the daemon's configured default when an ARM path needs them.
    var subscriptionId: String?
    var resourceGroup: String?
    static let apiVersion = "2021-01-01"

    init(client: DaemonClient, subscriptionId: String? = nil, resourceGroup: String? = nil) {
        self.client = client
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
    }

    /// The ARM scope of the jobs: what the options named, the rest from the daemon's
    /// configured default (its health answer).
    func scope() throws -> (subscriptionId: String, resourceGroup: String) {
        if let subscriptionId, let resourceGroup { return (subscriptionId, resourceGroup) }
        let health = try object(try call("GET", "/iedrive/v1/healthz"))
        guard let subscription = try health.string("subscriptionId"), let group = try health.string("resourceGroup") else {
            throw CommandFailure("the daemon at \(client.endpoint) did not say which subscription is its default", state: .daemonRefused)
        }
        return (subscriptionId ?? subscription, resourceGroup ?? group)
    }

    func jobPath(_ name: String) throws -> String {
        let (subscription, group) = try scope()
        return "/subscriptions/\(URLPathSegment.encoded(subscription))/resourceGroups/\(URLPathSegment.encoded(group))"
            + "/providers/Microsoft.ImportExport/jobs/" + URLPathSegment.encoded(name) + "?api-version=\(Self.apiVersion)"
    }

    /// `?subscriptionId=…&resourceGroup=…` with the parts the options named (none: empty), for
    /// the daemon's own routes, which find a job by name alone when it is the only one.
    var scopeQuery: String {
        scopeParts.isEmpty ? "" : "?" + scopeQueryItems
    }

    /// `subscriptionId=…&resourceGroup=…` with the parts the options named.
    var scopeQueryItems: String {
        scopeParts.map { "\($0.0)=\(URLPathSegment.encoded($0.1))" }.joined(separator: "&")
    }

    /// The same parts as body members, for the simulator's requests.
    var scopeMembers: [(String, JSONValue)] { scopeParts.map { ($0.0, JSONValue.string($0.1)) } }

    private var scopeParts: [(String, String)] {
        [subscriptionId.map { ("subscriptionId", $0) }, resourceGroup.map { ("resourceGroup", $0) }].compactMap { $0 }
    }

    /// One request; a non-2xx answer becomes a failure with the daemon's message.
    func call(_ method: String, _ path: String, body: [UInt8]? = nil) throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try client.request(method, path, body: body)
        } catch {
            throw CommandFailure(error.description, state: .daemonUnreachable)
        }
        guard response.isSuccess else {
            if let error = ARMError(body: response.body, httpStatus: response.status) {
                if response.status == 404 {
                    throw CommandFailure("\(error.code): \(error.message)", status: ExitStatus.notFound, state: .notFound)
                }
                throw CommandFailure("\(error.code): \(error.message)", state: .daemonRefused)
            }
            throw CommandFailure("the daemon answered \(response.status): \(response.text.prefix(300))", state: .daemonRefused)
        }
        return response
    }

    func object(_ response: HTTPResponse) throws -> JSONObjectReader {
        do {
            return try JSONObjectReader(JSONParser.parse(response.body))
        } catch {
            throw CommandFailure("the daemon's answer is not the JSON expected: \(error)", state: .daemonRefused)
        }
    }

    static func body(_ value: JSONValue) -> [UInt8] { Array(value.serialized().utf8) }
}
