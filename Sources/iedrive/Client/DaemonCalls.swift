import Foundation
import IEDriveAPI
import IEDriveClient
import IEDriveCore

/// The requests client commands make, with the daemon's errors turned into command failures
/// that print the ARM error's message.
struct DaemonCalls {
    let client: DaemonClient
    static let apiVersion = "2021-01-01"

    /// The ARM scope the daemon keeps its jobs in (from its health answer).
    func scope() throws -> (subscriptionId: String, resourceGroup: String) {
        let health = try object(try call("GET", "/iedrive/v1/healthz"))
        guard let subscription = try health.string("subscriptionId"), let group = try health.string("resourceGroup") else {
            throw CommandFailure("the daemon at \(client.endpoint) did not say which subscription it serves", state: .daemonRefused)
        }
        return (subscription, group)
    }

    func jobPath(_ name: String) throws -> String {
        let (subscription, group) = try scope()
        return "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/Microsoft.ImportExport/jobs/"
            + URLPathSegment.encoded(name) + "?api-version=\(Self.apiVersion)"
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
