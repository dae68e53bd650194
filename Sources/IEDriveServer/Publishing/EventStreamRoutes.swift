import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore

/// `GET /iedrive/v1/events`: Server-Sent Events of job and drive changes. Lifecycle events
/// carry their store id (`id:`) and kind (`event:`); `progress` messages carry no id. Resume
/// with the `Last-Event-ID` header (browsers send it when they reconnect) or `?after=ID`;
/// without either the stream starts with a `snapshot`. `?job=NAME` keeps the events of the jobs
/// of that name (`&subscriptionId=…&resourceGroup=…` narrow it to one scope).
struct EventStreamRoutes {
    let routes: DaemonRoutes

    func add(to router: Router<BasicRequestContext>) {
        let registry = routes.registry
        let gate = EventStreamGate(limit: routes.maxEventStreams)
        let keepAlive = routes.eventKeepAlive
        router.get("\(SimulatorRoutes.prefix)/events") { request, _ in
            await DaemonRoutes.answer {
                let resume = try Self.resumePoint(request)
                guard gate.enter() else {
                    throw ARMError(.serverBusy, "The daemon serves \(gate.limit) event streams at most (api.max_event_streams); try again later.")
                }
                let job = QueryParameters(request).get("job").flatMap { $0.isEmpty ? nil : JobReference(name: $0, query: request) }
                var stream = EventStreamSession(registry: registry, jobFilter: job,
                                                resumeAfter: resume)
                stream.keepAlive = keepAlive
                let session = stream
                var headers = HTTPFields()
                headers[.contentType] = "text/event-stream; charset=utf-8"
                headers[.cacheControl] = "no-cache"
                return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                    defer { gate.leave() }
                    try await session.run(&writer)
                })
            }
        }
    }

    /// The client's last id: the header (unless empty) wins over `?after=`; each given must be
    /// an event id, 1 to 18 ASCII digits (empty: none).
    static func resumePoint(_ request: Request) throws -> Int64? {
        var header: String?
        for field in request.headers where field.name.canonicalName == "last-event-id" && !field.value.isEmpty { header = field.value }
        let after = try eventID(request.uri.queryParameters.get("after").map { String($0) }, source: "after")
        return try eventID(header, source: "Last-Event-ID") ?? after
    }

    private static func eventID(_ text: String?, source: String) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64(text) else {
            throw ARMError(.invalidParameter, "\(source) must be an event id (1 to 18 digits), not '\(text.prefix(40))'.",
                           target: source)
        }
        return value
    }
}
