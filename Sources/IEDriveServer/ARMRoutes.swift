import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore

/// rest-api.md §1: jobs, keys, locations, operations. A job lives in the subscription and
/// resource group its path names (any: a PUT creates it there) and is found only there, by
/// scope and name with ASCII case ignored (`JobKey`); a scope without jobs lists none.
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
            await DaemonRoutes.answer {
                let subscriptionId = context.parameters.decoded("subscriptionId") ?? ""
                if let problem = ScopeNames.subscriptionProblem(subscriptionId) {
                    throw LifecycleRefusal(.invalidParameter, problem, target: "subscriptionId")
                }
                return try await list(request, .subscription(subscriptionId))
            }
        }
        router.get("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/\(Self.provider)/jobs") { request, context in
            await DaemonRoutes.answer { try await list(request, .resourceGroup(try scope(context))) }
        }
        router.get(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (version, key) = try keyed(request, context)
                return HTTPJSON.response(JobResourceEncoder(version: version).resource(try await routes.registry.job(key)))
            }
        }
        router.put(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (version, key) = try keyed(request, context)
                let body = try await HTTPJSON.body(of: request)
                let creation = try JobRequestDecoder(version: version, locations: routes.locations)
                    .creation(scope: key.scope, jobName: key.name, body: body)
                let (stored, created) = try await routes.registry.put(creation)
                return HTTPJSON.response(JobResourceEncoder(version: version).resource(stored), status: created ? .created : .ok)
            }
        }
        router.patch(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (version, key) = try keyed(request, context)
                let body = try await HTTPJSON.body(of: request)
                let patch = try JobRequestDecoder(version: version, locations: routes.locations).patch(body: body)
                let updated = try await routes.registry.perform(key) { lifecycle, job, now in
                    try lifecycle.update(job, patch, at: now)
                }
                return HTTPJSON.response(JobResourceEncoder(version: version).resource(updated))
            }
        }
        router.delete(RouterPath(job)) { request, context in
            await DaemonRoutes.answer {
                let (_, key) = try keyed(request, context)
                try await routes.registry.delete(key)
                return HTTPJSON.bytes([], status: .ok)
            }
        }
        router.post(RouterPath(job + "/listBitLockerKeys")) { request, context in
            await DaemonRoutes.answer {
                let (version, key) = try keyed(request, context)
                return HTTPJSON.response(JobResourceEncoder(version: version).bitLockerKeys(try await routes.registry.job(key)))
            }
        }
    }

    /// The api-version and the job's key (scope and name, percent-decoded) of a job route.
    private func keyed(_ request: Request, _ context: BasicRequestContext) throws -> (APIVersion, JobKey) {
        let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
        return (version, JobKey(scope: try scope(context), name: context.parameters.decoded("jobName") ?? ""))
    }

    /// The path's subscription and resource group, percent-decoded; 400 `InvalidParameter`
    /// naming the parameter when either breaks its rule (`ScopeNames`).
    private func scope(_ context: BasicRequestContext) throws(LifecycleRefusal) -> JobScope {
        let scope = JobScope(subscriptionId: context.parameters.decoded("subscriptionId") ?? "",
                             resourceGroup: context.parameters.decoded("resourceGroupName") ?? "")
        if let refusal = ScopeNames.refusal(scope) { throw refusal }
        return scope
    }

    /// Operations 3 and 4: the jobs of `scope` only (none: an empty page), `$filter`, `$top`
    /// pages in a stable order (creation time, then key) and an absolute `nextLink` on the
    /// request's own path carrying `$skiptoken`, omitted on the last page.
    private func list(_ request: Request, _ scope: JobListScope) async throws -> Response {
        let version = try APIVersion.parse(QueryParameters(request).get("api-version"))
        let parameters = QueryParameters(request)
        let query = try JobListQuery(top: parameters.get("$top"), filter: parameters.get("$filter"),
                                     skipToken: parameters.get("$skiptoken"))
        let jobs = try await routes.registry.jobs(in: scope)
        let (page, nextQuery) = query.page(of: jobs, apiVersion: version)
        let nextLink = nextQuery.map { "\(origin(of: request))\(request.uri.path)?\($0)" }
        return HTTPJSON.response(JobResourceEncoder(version: version).list(page, nextLink: nextLink))
    }

    /// `scheme://host[:port]` as the client addressed us (the Host header).
    func origin(of request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "\(scheme)://\(host)"
    }
}
