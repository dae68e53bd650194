import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore
import IEDriveDaemon

/// rest-api.md §1: jobs, keys, locations, operations. One scope (subscription and resource
/// group from the configuration) holds every job: other scopes list empty and find nothing.
struct ARMRoutes {
    let routes: DaemonRoutes

    static let provider = "providers/Microsoft.ImportExport"

    func add(to router: Router<BasicRequestContext>) {
        let job = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/\(Self.provider)/jobs/{jobName}"
        router.get("/\(Self.provider)/locations") { request, _ in
            await DaemonRoutes.answer {
                let version = try APIVersion.parse(request.uri.queryParameters.get("api-version"))
                return HTTPJSON.response(LocationEncoder(version: version).list(routes.locations))
            }
        }
        router.get("/\(Self.provider)/locations/{locationName}") { request, context in
            await DaemonRoutes.answer {
                let version = try APIVersion.parse(request.uri.queryParameters.get("api-version"))
                let name = context.parameters.get("locationName") ?? ""
                return HTTPJSON.response(LocationEncoder(version: version).location(try routes.locations.require(name)))
            }
        }
        router.get("/\(Self.provider)/operations") { request, _ in
            await DaemonRoutes.answer {
                let version = try APIVersion.parse(request.uri.queryParameters.get("api-version"))
                _ = version
                return HTTPJSON.response(OperationsCatalog.json)
            }
        }
        router.get("/subscriptions/{subscriptionId}/\(Self.provider)/jobs") { request, context in
            await DaemonRoutes.answer { try await list(request, context, resourceGroup: nil) }
        }
        router.get("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/\(Self.provider)/jobs") { request, context in
            await DaemonRoutes.answer {
                try await list(request, context, resourceGroup: context.parameters.get("resourceGroupName"))
            }
        }
        router.get(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (version, name) = try scoped(request, context)
                let found = try await routes.registry.job(named: name)
                return HTTPJSON.response(JobResourceEncoder(version: version).resource(found, in: routes.scope))
            }
        }
        router.put(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (version, name) = try scoped(request, context)
                let body = try await HTTPJSON.body(of: request)
                let creation = try JobRequestDecoder(version: version, locations: routes.locations)
                    .creation(jobName: name, body: body)
                let (stored, created) = try await routes.registry.put(creation)
                return HTTPJSON.response(JobResourceEncoder(version: version).resource(stored, in: routes.scope),
                                         status: created ? .created : .ok)
            }
        }
        router.patch(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (version, name) = try scoped(request, context)
                let body = try await HTTPJSON.body(of: request)
                let patch = try JobRequestDecoder(version: version, locations: routes.locations).patch(body: body)
                let updated = try await routes.registry.perform(name) { lifecycle, job, now in
                    try lifecycle.update(job, patch, at: now)
                }
                return HTTPJSON.response(JobResourceEncoder(version: version).resource(updated, in: routes.scope))
            }
        }
        router.delete(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (_, name) = try scoped(request, context)
                try await routes.registry.delete(named: name)
                return HTTPJSON.bytes([], status: .ok)
            }
        }
        router.post(RouterPath(job + "/listBitLockerKeys")) { request, context in
            await DaemonRoutes.answer {
                let (version, name) = try scoped(request, context)
                let found = try await routes.registry.job(named: name)
                return HTTPJSON.response(JobResourceEncoder(version: version).bitLockerKeys(found))
            }
        }
    }

    /// The api-version and job name of a job route, after checking its scope.
    private func scoped(_ request: Request, _ context: BasicRequestContext) throws -> (APIVersion, String) {
        let version = try APIVersion.parse(request.uri.queryParameters.get("api-version"))
        let name = context.parameters.get("jobName") ?? ""
        guard context.parameters.get("subscriptionId")?.lowercased() == routes.scope.subscriptionId.lowercased(),
              context.parameters.get("resourceGroupName")?.lowercased() == routes.scope.resourceGroup.lowercased() else {
            throw ARMError.jobNotFound(name, resourceGroup: context.parameters.get("resourceGroupName") ?? "")
        }
        return (version, name)
    }

    /// Operations 3 and 4 with `$top` paging (`$skiptoken` = jobs already returned).
    private func list(_ request: Request, _ context: BasicRequestContext, resourceGroup: String?) async throws -> Response {
        let version = try APIVersion.parse(request.uri.queryParameters.get("api-version"))
        let query = request.uri.queryParameters
        let top: Int
        if let text = query.get("$top") {
            guard let value = Int(text), (1...100).contains(value) else {
                throw ARMError(.invalidParameter, "$top must be a whole number from 1 to 100.", target: "$top")
            }
            top = value
        } else {
            top = 100
        }
        let skip = query.get("$skiptoken").flatMap { Int($0) } ?? 0
        var jobs: [Job] = []
        let inScope = context.parameters.get("subscriptionId")?.lowercased() == routes.scope.subscriptionId.lowercased()
            && (resourceGroup.map { $0.lowercased() == routes.scope.resourceGroup.lowercased() } ?? true)
        if inScope { jobs = try await routes.registry.jobs() }
        let page = Array(jobs.dropFirst(skip).prefix(top))
        var nextLink: String?
        if skip + page.count < jobs.count {
            let host = request.head.authority ?? "localhost"
            let scheme = request.head.scheme ?? "http"
            nextLink = "\(scheme)://\(host)\(request.uri.path)?api-version=\(version.rawValue)&$top=\(top)&$skiptoken=\(skip + page.count)"
        }
        let encoder = JobResourceEncoder(version: version)
        return HTTPJSON.response(encoder.list(page.map { ($0, routes.scope) }, nextLink: nextLink))
    }
}
