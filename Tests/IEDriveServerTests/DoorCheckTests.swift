import Foundation
import HummingbirdTesting
import IEDriveCore
import Testing

/// Fields that become names or paths are checked at the door: 400 InvalidParameter naming the
/// field, nothing stored.
@Suite struct DoorCheckTests {
    static func body(diagnosticsPath: String? = nil, driveId: String = "DRIVE01") -> String {
        var text = RouteBench.importJob(drives: [driveId])
        if let diagnosticsPath {
            let escaped = diagnosticsPath.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            text = text.replacingOccurrences(of: "\"diagnosticsPath\": \"waimportexport\"", with: "\"diagnosticsPath\": \"\(escaped)\"")
        }
        return text
    }

    static let refusedPaths = ["../../../tmp/x", "/tmp/x", String(repeating: "a", count: 100_000), "logs/../x", "logs//x",
                               "Logs", "logs/a\\b", "$root/x", "logs/.", "a"]

    @Test(arguments: refusedPaths)
    func diagnosticsPathsThatAreNotContainerFolders(_ path: String) async throws {
        let bench = try RouteBench("door-diagnostics")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let answer = try await client.json(.put, "\(RouteBench.jobs)/job-d?api-version=2021-01-01",
                                               body: Self.body(diagnosticsPath: path))
            #expect(answer.status == .badRequest, "\(path.prefix(40)): \(answer.text.prefix(300))")
            let error = (answer.json as? [String: Any])?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "InvalidParameter")
            #expect(error?["target"] as? String == "properties.diagnosticsPath")
        }
        #expect(try await bench.daemon.registry.jobs(in: .all).isEmpty)
    }

    @Test(arguments: ["waimportexport", "logs/import/2026", "$root"])
    func containerFoldersAreTaken(_ path: String) async throws {
        let bench = try RouteBench("door-diagnostics-ok")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let answer = try await client.json(.put, "\(RouteBench.jobs)/job-d?api-version=2021-01-01",
                                               body: Self.body(diagnosticsPath: path))
            #expect(answer.status == .created, "\(answer.text.prefix(300))")
        }
    }

    @Test(arguments: ["DRIVE/01", "DRIVE\\\\01", "DRIVE 01", String(repeating: "Z", count: 200), "DRÏVE"])
    func driveIdsThatAreNotSerials(_ id: String) async throws {
        let bench = try RouteBench("door-drive")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let answer = try await client.json(.put, "\(RouteBench.jobs)/job-d?api-version=2021-01-01", body: Self.body(driveId: id))
            #expect(answer.status == .badRequest, "\(id): \(answer.text.prefix(300))")
            let error = (answer.json as? [String: Any])?["error"] as? [String: Any]
            #expect(error?["target"] as? String == "properties.driveList[0].driveId")
        }
    }

    @Test(arguments: ["..", "a/b", "x", String(repeating: "j", count: 65), "job%2F..%2Fx"])
    func jobNamesThatAreNotNames(_ name: String) async throws {
        let bench = try RouteBench("door-name")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            let answer = try await client.json(.put, "\(RouteBench.jobs)/\(encoded)?api-version=2021-01-01", body: Self.body())
            #expect(answer.status.code >= 400 && answer.status.code < 500, "\(name): \(answer.status)")
        }
        #expect(try await bench.daemon.registry.jobs(in: .all).isEmpty)
    }

    @Test func anExportListWithAParentSegmentIsRefused() async throws {
        let bench = try RouteBench("door-export")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            for (selection, field) in [(#""blobList": { "blobPathPrefix": ["/photos/../secret/"] }"#, "properties.export.blobList"),
                                       (#""blobList": { "blobPath": ["photos/../secret.jpg"] }"#, "properties.export.blobList"),
                                       (#""blobListBlobPath": "../lists/a.xml""#, "properties.export.blobListBlobPath")] {
                let body = """
                    { "location": "West Europe", "properties": {
                      "storageAccountId": "/subscriptions/\(RouteBench.subscription)/resourceGroups/iedrive/providers/Microsoft.Storage/storageAccounts/testdata",
                      "jobType": "Export", "export": { \(selection) } } }
                    """
                let answer = try await client.json(.put, "\(RouteBench.jobs)/job-e?api-version=2021-01-01", body: body)
                #expect(answer.status == .badRequest, "\(selection): \(answer.text.prefix(300))")
                let error = (answer.json as? [String: Any])?["error"] as? [String: Any]
                #expect(error?["target"] as? String == field, "\(selection)")
            }
        }
    }
}
