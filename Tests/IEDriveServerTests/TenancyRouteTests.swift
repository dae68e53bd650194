import Foundation
import Hummingbird
import HummingbirdTesting
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Issue 13, "any tenant": jobs live in whatever subscription and resource group their path
/// names, keyed by scope and name with ASCII case ignored; tenants never see each other's jobs.
@Suite struct TenancyRouteTests {
    static let version = "api-version=2021-01-01"
    static let tenantA = JobScope(subscriptionId: "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b", resourceGroup: "rg-alpha")
    static let tenantB = JobScope(subscriptionId: "9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0", resourceGroup: "Rg.(Beta)_2")

    static func jobs(_ scope: JobScope) -> String {
        "/subscriptions/\(scope.subscriptionId)/resourceGroups/\(scope.resourceGroup)/providers/Microsoft.ImportExport/jobs"
    }

    static func names(_ reply: (status: HTTPResponse.Status, json: Any?, text: String)) -> [String] {
        ((reply.json as? [String: Any])?["value"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test func theSameNameInTwoScopesIsTwoJobsThatNeverMeet() async throws {
        let bench = try RouteBench("tenancy-two")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let a = try await client.json(.put, "\(Self.jobs(Self.tenantA))/shared?\(Self.version)", body: RouteBench.importJob(drives: ["A1"]))
            let b = try await client.json(.put, "\(Self.jobs(Self.tenantB))/shared?\(Self.version)", body: RouteBench.importJob(drives: ["B1"]))
            #expect(a.status == .created && b.status == .created, "\(a.text) \(b.text)")
            let getA = try await client.json(.get, "\(Self.jobs(Self.tenantA))/shared?\(Self.version)")
            #expect(((getA.json as? [String: Any])?["id"] as? String) == "\(Self.jobs(Self.tenantA))/shared")
            #expect(getA.text.contains("A1") && !getA.text.contains("B1"))
            let keysB = try await client.json(.post, "\(Self.jobs(Self.tenantB))/shared/listBitLockerKeys?\(Self.version)")
            #expect(keysB.text.contains("B1") && !keysB.text.contains("A1"), "\(keysB.text)")
            // Each list sees its own scope only; another tenant's subscription sees nothing.
            #expect(Self.names(try await client.json(.get, "\(Self.jobs(Self.tenantA))?\(Self.version)")) == ["shared"])
            let bySubscription = try await client.json(.get, "/subscriptions/\(Self.tenantB.subscriptionId)/providers/Microsoft.ImportExport/jobs?\(Self.version)")
            #expect(Self.names(bySubscription) == ["shared"] && bySubscription.text.contains(Self.tenantB.resourceGroup))
            #expect(!bySubscription.text.contains(Self.tenantA.resourceGroup))
            // A's resource group under B's subscription is a third, empty scope.
            let crossed = JobScope(subscriptionId: Self.tenantB.subscriptionId, resourceGroup: Self.tenantA.resourceGroup)
            #expect(try await client.json(.get, "\(Self.jobs(crossed))/shared?\(Self.version)").status == .notFound)
            // Deleting A's job leaves B's.
            #expect(try await client.json(.delete, "\(Self.jobs(Self.tenantA))/shared?\(Self.version)").status == .ok)
            #expect(try await client.json(.get, "\(Self.jobs(Self.tenantA))/shared?\(Self.version)").status == .notFound)
            #expect(try await client.json(.get, "\(Self.jobs(Self.tenantB))/shared?\(Self.version)").status == .ok)
        }
    }

    @Test func scopesMatchWithASCIICaseIgnoredAndKeepTheCreatingSpelling() async throws {
        let bench = try RouteBench("tenancy-case")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let put = try await client.json(.put, "\(Self.jobs(Self.tenantB))/Job-One?\(Self.version)", body: RouteBench.importJob(drives: ["C1"]))
            #expect(put.status == .created, "\(put.text)")
            let shouted = JobScope(subscriptionId: Self.tenantB.subscriptionId.uppercased(), resourceGroup: Self.tenantB.resourceGroup.uppercased())
            let get = try await client.json(.get, "\(Self.jobs(shouted))/JOB-ONE?\(Self.version)")
            #expect(get.status == .ok, "\(get.text)")
            #expect(((get.json as? [String: Any])?["id"] as? String) == "\(Self.jobs(Self.tenantB))/Job-One")
            // A PUT in another case replaces the same job (still Creating): 200, not a second job.
            let again = try await client.json(.put, "\(Self.jobs(shouted))/job-one?\(Self.version)", body: RouteBench.importJob(drives: ["C1"]))
            #expect(again.status == .ok, "\(again.text)")
            #expect(try await bench.daemon.registry.jobs(in: .all).count == 1)
        }
    }

    @Test func listBySubscriptionSpansItsResourceGroupsAndPagesOnItsOwnPath() async throws {
        let bench = try RouteBench("tenancy-pages")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let second = JobScope(subscriptionId: Self.tenantA.subscriptionId, resourceGroup: "rg-second")
            for (scope, name) in [(Self.tenantA, "job-1"), (second, "job-2"), (Self.tenantB, "job-3"), (Self.tenantA, "job-4")] {
                let put = try await client.json(.put, "\(Self.jobs(scope))/\(name)?\(Self.version)", body: RouteBench.importJob(drives: [name]))
                #expect(put.status == .created, "\(put.text)")
            }
            var seen: [String] = []
            var path: String? = "/subscriptions/\(Self.tenantA.subscriptionId)/providers/Microsoft.ImportExport/jobs?\(Self.version)&%24top=1"
            while let next = path {
                let page = try await client.json(.get, next)
                #expect(page.status == .ok, "\(page.text)")
                seen += Self.names(page)
                path = ((page.json as? [String: Any])?["nextLink"] as? String).map { link in
                    #expect(link.contains("/subscriptions/\(Self.tenantA.subscriptionId)/providers/Microsoft.ImportExport/jobs?"))
                    return String(link[link.range(of: "/subscriptions/")!.lowerBound...])
                }
            }
            // Created at the same simulated instant: ordered by resource group, then name.
            #expect(seen == ["job-1", "job-4", "job-2"])
            #expect(Self.names(try await client.json(.get, "\(Self.jobs(second))?\(Self.version)")) == ["job-2"])
        }
    }

    @Test func aPutOutsideTheScopeRulesIs400NamingTheParameter() async throws {
        let bench = try RouteBench("tenancy-rules")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let body = RouteBench.importJob(drives: ["R1"])
            let subscription = try await client.json(.put, "/subscriptions/tenant-one/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/j01?\(Self.version)", body: body)
            #expect(subscription.status == .badRequest && subscription.text.contains(#""target":"subscriptionId""#), "\(subscription.text)")
            let long = String(repeating: "g", count: 91)
            let group = try await client.json(.put, "/subscriptions/\(Self.tenantA.subscriptionId)/resourceGroups/\(long)/providers/Microsoft.ImportExport/jobs/j01?\(Self.version)", body: body)
            #expect(group.status == .badRequest && group.text.contains(#""target":"resourceGroupName""#), "\(group.text)")
            #expect(try await bench.daemon.registry.jobs(in: .all).isEmpty)
        }
    }

    /// `/iedrive/v1` names a job by name: the only one with it, or the one the scope picks;
    /// 409 naming the scopes when the name is in several.
    @Test func theDaemonsOwnRoutesResolveANameOrSayItIsAmbiguous() async throws {
        let bench = try RouteBench("tenancy-resolve")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            _ = try await client.json(.put, "\(Self.jobs(Self.tenantA))/only-a?\(Self.version)", body: RouteBench.importJob(drives: ["O1"]))
            #expect(try await client.json(.get, "/iedrive/v1/jobs/only-a").status == .ok)
            for scope in [Self.tenantA, Self.tenantB] {
                _ = try await client.json(.put, "\(Self.jobs(scope))/twin?\(Self.version)", body: RouteBench.importJob(drives: ["T1"]))
            }
            let ambiguous = try await client.json(.get, "/iedrive/v1/jobs/twin/drives")
            #expect(ambiguous.status == .conflict && ambiguous.text.contains(Self.tenantA.resourceGroup)
                    && ambiguous.text.contains(Self.tenantB.resourceGroup), "\(ambiguous.text)")
            let group = Self.tenantB.resourceGroup.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let picked = try await client.json(.get, "/iedrive/v1/jobs/twin?subscriptionId=\(Self.tenantB.subscriptionId)&resourceGroup=\(group)")
            #expect(picked.status == .ok && picked.text.contains(#""resourceGroup":"Rg.(Beta)_2""#), "\(picked.text)")
            for scope in [Self.tenantA, Self.tenantB] {
                let shipping = try await client.json(.patch, "\(Self.jobs(scope))/twin?\(Self.version)", body: """
                    { "properties": { "state": "Shipping", "deliveryPackage": { "carrierName": "DHL", "trackingNumber": "JD0140000000001",
                      "driveCount": 1, "shipDate": "6/4/2024 8:00:00 AM" } } }
                    """)
                #expect(shipping.status == .ok, "\(shipping.text)")
            }
            let deliver = try await client.json(.post, "/iedrive/v1/sim/deliver", body: """
                {"jobName":"TWIN","subscriptionId":"\(Self.tenantA.subscriptionId.uppercased())","resourceGroup":"RG-ALPHA","driveIds":["T1"]}
                """)
            #expect(deliver.status == .ok, "\(deliver.text)")
            let a = try await bench.daemon.registry.job(JobKey(scope: Self.tenantA, name: "twin"))
            let b = try await bench.daemon.registry.job(JobKey(scope: Self.tenantB, name: "twin"))
            #expect(a.packageArrival != nil && b.packageArrival == nil)
            #expect(try await client.json(.get, "/iedrive/v1/jobs/nobody").status == .notFound)
            let listed = try await client.json(.get, "/iedrive/v1/jobs?subscriptionId=\(Self.tenantB.subscriptionId)")
            #expect(Self.names(listed) == ["twin"], "\(listed.text)")
        }
    }

    @Test func aLocationIsFoundByNameWithSpacesOrById() async throws {
        let bench = try RouteBench("tenancy-locations")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            for name in ["West%20Europe", "westeurope", "%2Fproviders%2FMicrosoft.ImportExport%2Flocations%2Fwesteurope",
                         "%2Fsubscriptions%2F\(Self.tenantA.subscriptionId)%2Fproviders%2Fmicrosoft.importexport%2Flocations%2FWestEurope"] {
                let reply = try await client.json(.get, "/providers/Microsoft.ImportExport/locations/\(name)?\(Self.version)")
                #expect(reply.status == .ok && ((reply.json as? [String: Any])?["name"] as? String) == "West Europe", "\(name): \(reply.text)")
            }
            let wrong = try await client.json(.get, "/providers/Microsoft.ImportExport/locations/%2Fproviders%2FMicrosoft.Storage%2Flocations%2Fwesteurope?\(Self.version)")
            #expect(wrong.status == .notFound)
        }
    }
}
