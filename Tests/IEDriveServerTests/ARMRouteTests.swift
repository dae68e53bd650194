import Foundation
import HummingbirdTesting
import IEDriveCore
import Testing

/// The ARM surface in process: create, read, page, change, delete, and the error envelope.
@Suite struct ARMRouteTests {
    @Test func jobsAreCreatedReadPagedChangedAndDeleted() async throws {
        let bench = try RouteBench("routes-arm")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let version = "api-version=2021-01-01"
            for name in ["job-a", "job-b", "job-c"] {
                let created = try await client.json(.put, "\(RouteBench.jobs)/\(name)?\(version)", body: RouteBench.importJob(drives: ["D-\(name)"]))
                #expect(created.status == .created, "\(created.text)")
            }
            let got = try await client.json(.get, "\(RouteBench.jobs)/job-b?\(version)")
            #expect(got.status == .ok)
            #expect((got.json as? [String: Any])?["name"] as? String == "job-b")
            #expect(!got.text.contains("486717"), "recovery keys are never in a job resource")

            // Paging one at a time follows nextLink to the end.
            var names: [String] = []
            var next: String? = "\(RouteBench.jobs)?\(version)&$top=1"
            while let uri = next {
                let page = try await client.json(.get, uri)
                #expect(page.status == .ok)
                let object = page.json as? [String: Any]
                names += ((object?["value"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                next = (object?["nextLink"] as? String).flatMap { URL(string: $0) }.map { url in
                    url.path + (url.query.map { "?" + $0 } ?? "")
                }
            }
            #expect(names == ["job-a", "job-b", "job-c"])

            let patched = try await client.json(.patch, "\(RouteBench.jobs)/job-a?\(version)", body: """
                { "properties": { "state": "Shipping", "deliveryPackage": { "carrierName": "DHL", "trackingNumber": "JD0140000000001",
                  "driveCount": 1, "shipDate": "6/4/2024 8:00:00 AM" } } }
                """)
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(((patched.json as? [String: Any])?["properties"] as? [String: Any])?["state"] as? String == "Shipping")

            let refused = try await client.json(.delete, "\(RouteBench.jobs)/job-a?\(version)")
            #expect(refused.status.code >= 400)
            #expect(((refused.json as? [String: Any])?["error"] as? [String: Any])?["code"] != nil)
            let deleted = try await client.json(.delete, "\(RouteBench.jobs)/job-c?\(version)")
            #expect(deleted.status == .ok)
            let gone = try await client.json(.get, "\(RouteBench.jobs)/job-c?\(version)")
            #expect(gone.status == .notFound)
            #expect(((gone.json as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "ResourceNotFound")
        }
        #expect(try await bench.daemon.registry.jobs(in: .all).map(\.name) == ["job-a", "job-b"])
    }

    @Test func keysComeOnlyFromListBitLockerKeys() async throws {
        let bench = try RouteBench("routes-keys")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            _ = try await client.json(.put, "\(RouteBench.jobs)/job-k?api-version=2021-01-01", body: RouteBench.importJob(drives: ["D1"]))
            let keys = try await client.json(.post, "\(RouteBench.jobs)/job-k/listBitLockerKeys?api-version=2021-01-01")
            #expect(keys.status == .ok)
            #expect(keys.text.contains("486717-373197-216029-527087-531740-482504-024706-333916"))
        }
    }

    @Test func bearerTokensGateEveryRoute() async throws {
        let bench = try RouteBench("routes-tokens")
        defer { bench.cleanup() }
        try await bench.withClient(tokens: ["s3cret-token"]) { client in
            let refused = try await client.json(.get, "\(RouteBench.jobs)?api-version=2021-01-01")
            #expect(refused.status == .unauthorized)
            #expect(!refused.text.contains("s3cret"))
            let allowed = try await client.json(.get, "\(RouteBench.jobs)?api-version=2021-01-01",
                                                headers: [.authorization: "Bearer s3cret-token"])
            #expect(allowed.status == .ok)
        }
    }
}
