import Foundation
import HummingbirdTesting
import IEDriveCore
import Testing

/// `/iedrive/v1`, the dashboard, health, metrics and the OpenAPI document, in process.
@Suite struct DaemonRouteTests {
    @Test func simulatorMovesAJobToReceived() async throws {
        let bench = try RouteBench("routes-sim")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            _ = try await client.json(.put, "\(RouteBench.jobs)/job-s?api-version=2021-01-01", body: RouteBench.importJob(drives: ["DRIVE01"]))
            _ = try await client.json(.patch, "\(RouteBench.jobs)/job-s?api-version=2021-01-01", body: """
                { "properties": { "state": "Shipping", "deliveryPackage": { "carrierName": "DHL", "trackingNumber": "JD0140000000001",
                  "driveCount": 1, "shipDate": "6/4/2024 8:00:00 AM" } } }
                """)
            let delivered = try await client.json(.post, "/iedrive/v1/sim/deliver", body: #"{"jobName":"job-s","driveIds":["DRIVE01"]}"#)
            #expect(delivered.status == .ok, "\(delivered.text)")
            let advanced = try await client.json(.post, "/iedrive/v1/sim/advance", body: #"{"duration":"1h"}"#)
            #expect(advanced.status == .ok)
            let drives = try await client.json(.get, "/iedrive/v1/jobs/job-s/drives")
            #expect(drives.status == .ok)
            #expect(drives.text.contains("Received"), "\(drives.text)")
        }
        #expect(try await bench.daemon.registry.job(JobKey.fixture("job-s")).drives.first?.state == .received)
    }

    @Test func healthSummariesAndTheDocumentsAnswer() async throws {
        let bench = try RouteBench("routes-misc")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            _ = try await client.json(.put, "\(RouteBench.jobs)/job-m?api-version=2021-01-01", body: RouteBench.importJob(drives: ["DRIVE01"]))
            let health = try await client.json(.get, "/healthz")
            #expect(health.status == .ok)
            #expect((health.json as? [String: Any])?["status"] as? String == "ok")
            let summaries = try await client.json(.get, "/iedrive/v1/jobs")
            #expect(summaries.text.contains("job-m"))
            let openapi = try await client.json(.get, "/iedrive/v1/openapi.json")
            #expect(((openapi.json as? [String: Any])?["paths"] as? [String: Any])?.isEmpty == false)
            let metrics = try await client.json(.get, "/metrics")
            #expect(metrics.status == .ok)
            let dashboard = try await client.json(.get, "/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("job-m"))
            let detail = try await client.json(.get, "/jobs/job-m")
            #expect(detail.status == .ok)
            #expect(detail.text.contains("DRIVE01"))
            let missing = try await client.json(.get, "/iedrive/v1/jobs/nope")
            #expect(missing.status == .notFound)
        }
    }
}
