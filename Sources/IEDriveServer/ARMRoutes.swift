import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore

/// rest-api.md §1: jobs, keys, locations, operations. One scope (subscription and resource
/// group from the configuration) holds every job: other scopes answer 404 `ResourceNotFound`
/// (what ARM answers for a subscription or resource group that does not exist).
struct ARMRoutes {
    let routes: DaemonRoutes
    /// `http` or `https`: how clients reach this listener (for `nextLink`).
    let scheme: String

    static let provider = "providers/Microsoft.ImportExport"

    func add(to router: Router<BasicRequestContext>) {
        let job = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/\(Self.provider)/jobs/{jobName}"
        router.get("/\(Self.provider)/locations") { request, _ in
            await DaemonRoutes.answer {
                let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
                return HTTPJSON.response(LocationEncoder(version: version).list(routes.locations))
            }
        }
        router.get("/\(Self.provider)/locations/{locationName}") { request, context in
            await DaemonRoutes.answer {
                let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
                let name = context.parameters.decoded("locationName") ?? ""
                return HTTPJSON.response(LocationEncoder(version: version).location(try routes.locations.require(name)))
            }
        }
        router.get("/\(Self.provider)/operations") { request, _ in
            await DaemonRoutes.answer {
                let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
                _ = version
                return HTTPJSON.response(OperationsCatalog.json)
            }
        }
        router.get("/subscriptions/{subscriptionId}/\(Self.provider)/jobs") { request, context in
            await DaemonRoutes.answer { try await list(request, context, resourceGroup: nil) }
        }
        router.get("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/\(Self.provider)/jobs") { request, context in
            await DaemonRoutes.answer {
                try await list(request, context, resourceGroup: context.parameters.decoded("resourceGroupName"))
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
        let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
        let name = context.parameters.decoded("jobName") ?? ""
        guard servesSubscription(context), servesResourceGroup(context.parameters.decoded("resourceGroupName")) else {
            throw ARMError.jobNotFound(name, resourceGroup: context.parameters.decoded("resourceGroupName") ?? "")
        }
        return (version, name)
    }

    /// Whether the path names the configured subscription (ASCII case ignored, as ARM does).
    private func servesSubscription(_ context: BasicRequestContext) -> Bool {
        context.parameters.decoded("subscriptionId").map { ASCIICaseless.equal($0, routes.scope.subscriptionId) } ?? false
    }

    private func servesResourceGroup(_ name: String?) -> Bool {
        name.map { ASCIICaseless.equal($0, routes.scope.resourceGroup) } ?? false
    }

    /// Operations 3 and 4 (404 outside the served scope): `$filter`, `$top` pages in a stable order (creation time, then
    /// name) and an absolute `nextLink` carrying `$skiptoken`, omitted on the last page.
    private func list(_ request: Request, _ context: BasicRequestContext, resourceGroup: String?) async throws -> Response {
        let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
        let parameters = QueryParameters(request)
        let query = try JobListQuery(top: parameters.get("$top"), filter: parameters.get("$filter"),
                                     skipToken: parameters.get("$skiptoken"))
        guard servesSubscription(context) else {
            throw ARMError(.resourceNotFound, "The subscription '\(context.parameters.decoded("subscriptionId") ?? "")' is not served "
                           + "by this daemon; its jobs live in subscription '\(routes.scope.subscriptionId)'.")
        }
        if let resourceGroup, !servesResourceGroup(resourceGroup) {
            throw ARMError(.resourceNotFound, "The resource group '\(resourceGroup)' is not served by this daemon; its jobs live "
                           + "in resource group '\(routes.scope.resourceGroup)'.")
        }
        let jobs = try await routes.registry.jobs()
        let (page, nextQuery) = query.page(of: jobs, apiVersion: version)
        let nextLink = nextQuery.map { "\(origin(of: request))\(request.uri.path)?\($0)" }
        return HTTPJSON.response(JobResourceEncoder(version: version).list(page.map { ($0, routes.scope) }, nextLink: nextLink))
    }

    /// `scheme://host[:port]` as the client addressed us (the Host header).
    func origin(of request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "\(scheme)://\(host)"
    }
}
