import Hummingbird
import IEDriveAPI
import IEDriveCore

/// How the routes beyond ARM (`/iedrive/v1`, the dashboard, the event stream) name a job: by
/// name, with its subscription and resource group optional (`?subscriptionId=&resourceGroup=`,
/// or the same members in a body). One rule for all of them: the job with exactly that key when
/// both are given; else the one job with that name in what was given; 409 `Conflict` naming the
/// scopes when there are several, 404 `ResourceNotFound` when there is none.
struct JobReference: Sendable, Hashable {
    var name: String
    var subscriptionId: String?
    var resourceGroup: String?

    init(name: String, subscriptionId: String? = nil, resourceGroup: String? = nil) {
        self.name = name
        self.subscriptionId = subscriptionId.flatMap { $0.isEmpty ? nil : $0 }
        self.resourceGroup = resourceGroup.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `name` with the scope from the request's query.
    init(name: String, query request: Request) {
        let query = QueryParameters(request)
        self.init(name: name, subscriptionId: query.get("subscriptionId"), resourceGroup: query.get("resourceGroup"))
    }

    /// Whether the job with `key` is one this reference may mean (ASCII case ignored).
    func matches(_ key: JobKey) -> Bool {
        ASCIICaseless.equal(key.name, name)
            && subscriptionId.map { key.scope.isIn(subscription: $0) } ?? true
            && resourceGroup.map { ASCIICaseless.equal(key.scope.resourceGroup, $0) } ?? true
    }

    /// The one job meant.
    func resolve(in registry: any JobService) async throws -> Job {
        if let subscriptionId, let resourceGroup {
            return try await registry.job(JobKey(subscriptionId: subscriptionId, resourceGroup: resourceGroup, name: name))
        }
        let candidates = try await registry.jobs(in: .all).filter { matches($0.key) }
        guard let only = candidates.first else {
            throw ARMError(.resourceNotFound, "No job is named '\(name)'\(scopeText).")
        }
        guard candidates.count == 1 else {
            let scopes = candidates.map { "'\($0.scope)'" }.joined(separator: ", ")
            throw ARMError(.conflict, "Jobs named '\(name)' exist in \(candidates.count) scopes: \(scopes). "
                           + "Name one with subscriptionId and resourceGroup.", target: "jobName")
        }
        return only
    }

    private var scopeText: String {
        switch (subscriptionId, resourceGroup) {
        case (nil, nil): ""
        case (let subscription?, nil): " in subscription '\(subscription)'"
        case (nil, let group?): " in a resource group '\(group)'"
        case (let subscription?, let group?): " in resource group '\(group)' of subscription '\(subscription)'"
        }
    }

    /// `?subscriptionId=…&resourceGroup=…` naming `job`'s scope exactly (for links).
    static func query(for job: Job) -> String {
        "?subscriptionId=\(URLPathSegment.encoded(job.scope.subscriptionId))"
            + "&resourceGroup=\(URLPathSegment.encoded(job.scope.resourceGroup))"
    }
}
