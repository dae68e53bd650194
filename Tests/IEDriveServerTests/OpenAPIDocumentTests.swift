import Foundation
import Hummingbird
import HummingbirdTesting
import IEDriveCore
@testable import IEDriveServer
import Testing

/// `/iedrive/v1/openapi.json` describes the listener it is served on and every route the
/// router has; what it promises about methods, scopes and names holds. (scripts/check-openapi
/// runs schemathesis against a real daemon for the rest.)
@Suite struct OpenAPIDocumentTests {
    static func document(_ client: any TestClientProtocol, token: String? = nil) async throws -> [String: Any] {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        let answer = try await client.json(.get, "/iedrive/v1/openapi.json", headers: headers)
        #expect(answer.status == .ok, "\(answer.text)")
        return answer.json as? [String: Any] ?? [:]
    }

    static func operations(_ document: [String: Any]) -> [(path: String, method: String, operation: [String: Any])] {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, methods in
            methods.compactMap { method, operation in (operation as? [String: Any]).map { (path, method, $0) } }
        }
    }

    @Test func withoutTokensTheDocumentAsksForNoCredentials() async throws {
        let bench = try RouteBench("openapi-open")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let document = try await Self.document(client)
            #expect(document["openapi"] as? String == "3.0.3")
            #expect(document["security"] == nil, "no security requirement on a listener without tokens")
            #expect((document["components"] as? [String: Any])?["securitySchemes"] == nil)
            for (path, method, operation) in Self.operations(document) {
                #expect(operation["security"] == nil, "\(method) \(path)")
                let parameters = operation["parameters"] as? [[String: Any]] ?? []
                #expect(!parameters.contains { ($0["name"] as? String)?.lowercased() == "authorization" }, "\(method) \(path)")
                #expect((operation["responses"] as? [String: Any])?["401"] == nil, "\(method) \(path) cannot answer 401")
            }
        }
    }

    @Test func withTokensEveryOperationNeedsABearerToken() async throws {
        let bench = try RouteBench("openapi-tokens")
        defer { bench.cleanup() }
        try await bench.withClient(tokens: ["doc-token"]) { client in
            let refused = try await client.json(.get, "/iedrive/v1/openapi.json")
            #expect(refused.status == .unauthorized)
            let document = try await Self.document(client, token: "doc-token")
            #expect((document["security"] as? [[String: [String]]])?.first?["bearer"] == [])
            let scheme = ((document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])?["bearer"] as? [String: Any]
            #expect(scheme?["type"] as? String == "http" && scheme?["scheme"] as? String == "bearer")
            for (path, method, operation) in Self.operations(document) {
                let unauthorized = (operation["responses"] as? [String: Any])?["401"] as? [String: Any]
                #expect((unauthorized?["headers"] as? [String: Any])?["WWW-Authenticate"] != nil, "\(method) \(path) documents its 401")
            }
        }
    }

    /// Every route the router serves has its row, and every row is a route.
    @Test func theDocumentListsExactlyTheRoutes() async throws {
        let bench = try RouteBench("openapi-routes")
        defer { bench.cleanup() }
        let router = bench.daemon.routes.router()
        let served = Set(router.routes.map { "\($0.method.rawValue.lowercased()) /\("\($0.path)".split(separator: "/").joined(separator: "/"))" })
        let document = OpenAPIDocument(defaultScope: bench.daemon.routes.defaultScope, locations: bench.daemon.routes.locations, secured: false)
        let documented = Set(document.operations.map { "\($0.method) /\($0.path.split(separator: "/").joined(separator: "/"))" })
        #expect(served == documented, "served only: \(served.subtracting(documented).sorted()); documented only: \(documented.subtracting(served).sorted())")
        #expect(Set(document.operations.map(\.operationId)).count == document.operations.count, "operationIds are unique")
    }

    /// The scope parameters state the server's rules, not the configured scope: any GUID
    /// subscription and any well-formed resource group is served (an empty page when it holds
    /// no job); what breaks a rule is 400 naming the parameter.
    @Test func theScopeParametersAreTheServersRules() async throws {
        let bench = try RouteBench("openapi-scope")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let document = try await Self.document(client)
            let list = (document["paths"] as? [String: Any])?["/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs"] as? [String: Any]
            let parameters = (list?["get"] as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
            let pattern = { (name: String) in (parameters.first { $0["name"] as? String == name }?["schema"] as? [String: Any])?["pattern"] as? String ?? "" }
            #expect(pattern("subscriptionId") == SchemaPatterns.subscriptionId)
            #expect(pattern("resourceGroupName") == SchemaPatterns.resourceGroupName)
            #expect(SchemaPatternTests.matches(pattern("resourceGroupName"), "other"))
            let version = "api-version=2021-01-01"
            let other = try await client.json(.get, "/subscriptions/\(RouteBench.subscription)/resourceGroups/other/providers/Microsoft.ImportExport/jobs?\(version)")
            #expect(other.status == .ok && other.text == #"{"value":[]}"#, "\(other.text)")
            let otherSubscription = try await client.json(.get, "/subscriptions/11111111-0000-0000-0000-000000000000/providers/Microsoft.ImportExport/jobs?\(version)")
            #expect(otherSubscription.status == .ok && otherSubscription.text == #"{"value":[]}"#, "\(otherSubscription.text)")
            let notGUID = try await client.json(.get, "/subscriptions/not-a-guid/providers/Microsoft.ImportExport/jobs?\(version)")
            #expect(notGUID.status == .badRequest && notGUID.text.contains(#""target":"subscriptionId""#), "\(notGUID.text)")
            let badGroup = try await client.json(.get, "/subscriptions/\(RouteBench.subscription)/resourceGroups/ends-with.%2E/providers/Microsoft.ImportExport/jobs?\(version)")
            #expect(badGroup.status == .badRequest && badGroup.text.contains(#""target":"resourceGroupName""#), "\(badGroup.text)")
        }
    }

    @Test func aPathServedWithOtherMethodsAnswers405WithAllow() async throws {
        let bench = try RouteBench("openapi-405")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            try await client.execute(uri: "/iedrive/v1/clock", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(String(buffer: response.body).contains("MethodNotAllowed"))
            }
            try await client.execute(uri: "\(RouteBench.jobs)/job-x", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, PUT, PATCH, DELETE")
            }
            let nowhere = try await client.json(.get, "/no/such/route")
            #expect(nowhere.status == .notFound && nowhere.text.contains("ResourceNotFound"))
        }
    }

    @Test func pathParametersArePercentDecoded() async throws {
        let bench = try RouteBench("openapi-decoded")
        defer { bench.cleanup() }
        try await bench.withClient { client in
            let location = try await client.json(.get, "/providers/Microsoft.ImportExport/locations/West%20Europe?api-version=2021-01-01")
            #expect(location.status == .ok, "\(location.text)")
            _ = try await client.json(.put, "\(RouteBench.jobs)/job-d?api-version=2021-01-01", body: RouteBench.importJob(drives: ["D1"]))
            let job = try await client.json(.get, "/iedrive/v1/jobs/job%2Dd")
            #expect(job.status == .ok, "\(job.text)")
        }
    }
}
