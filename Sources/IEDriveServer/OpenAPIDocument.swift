import Hummingbird
import IEDriveAPI
import IEDriveCore

/// `GET /iedrive/v1/openapi.json`: an OpenAPI 3.0 description of every route this daemon
/// serves, written by hand as a table (one row per operation). A route added elsewhere gets
/// its row here; the contract tests call every row.
enum OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var operationId: String
        var summary: String
        var query: [String] = []
        var body: Bool = false
        var success: String = "200"
        var produces: String = "application/json"
    }

    static let arm = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs/{jobName}"
    static let v1 = SimulatorRoutes.prefix

    static let operations: [Operation] = [
        Operation(method: "get", path: "/providers/Microsoft.ImportExport/locations", operationId: "Locations_List",
                  summary: "The datacenter locations drives are shipped to.", query: ["api-version"]),
        Operation(method: "get", path: "/providers/Microsoft.ImportExport/locations/{locationName}", operationId: "Locations_Get",
                  summary: "One location (display or short name, case-insensitive).", query: ["api-version"]),
        Operation(method: "get", path: "/providers/Microsoft.ImportExport/operations", operationId: "Operations_List",
                  summary: "The provider's operations.", query: ["api-version"]),
        Operation(method: "get", path: "/subscriptions/{subscriptionId}/providers/Microsoft.ImportExport/jobs",
                  operationId: "Jobs_ListBySubscription", summary: "Jobs of the subscription, paged ($top, nextLink).",
                  query: ["api-version", "$top", "$filter", "$skiptoken"]),
        Operation(method: "get", path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs",
                  operationId: "Jobs_ListByResourceGroup", summary: "Jobs of the resource group, paged ($top, nextLink).",
                  query: ["api-version", "$top", "$filter", "$skiptoken"]),
        Operation(method: "get", path: arm, operationId: "Jobs_Get", summary: "One job (no recovery keys).", query: ["api-version"]),
        Operation(method: "put", path: arm, operationId: "Jobs_Create",
                  summary: "Create a job (201), or replace one still Creating (200).", query: ["api-version"], body: true, success: "201"),
        Operation(method: "patch", path: arm, operationId: "Jobs_Update",
                  summary: "Update a job: tags, addresses, logLevel, state Shipping, cancelRequested.", query: ["api-version"], body: true),
        Operation(method: "delete", path: arm, operationId: "Jobs_Delete",
                  summary: "Delete a job in Creating, Completed, Closed or Canceled.", query: ["api-version"]),
        Operation(method: "post", path: arm + "/listBitLockerKeys", operationId: "BitLockerKeys_List",
                  summary: "The drives' recovery keys: the only operation that returns them.", query: ["api-version"]),
        Operation(method: "get", path: "/healthz", operationId: "Health_Root", summary: "Daemon health (same as /iedrive/v1/healthz)."),
        Operation(method: "get", path: "\(v1)/healthz", operationId: "Health", summary: "Daemon health, clock and ARM scope."),
        Operation(method: "get", path: "\(v1)/openapi.json", operationId: "OpenAPI", summary: "This document."),
        Operation(method: "get", path: "\(v1)/jobs", operationId: "Summaries_List",
                  summary: "Every job with its drives in both vocabularies (Classic state, Preview status)."),
        Operation(method: "get", path: "\(v1)/jobs/{jobName}", operationId: "Summaries_Get", summary: "One job in both vocabularies."),
        Operation(method: "get", path: "\(v1)/jobs/{jobName}/drives", operationId: "Drives_List",
                  summary: "A job's drives: both vocabularies, failure state and reason, bytes, percent, log links."),
        Operation(method: "get", path: "\(v1)/jobs/{jobName}/drives/{driveId}", operationId: "Drives_Get", summary: "One drive."),
        Operation(method: "get", path: "\(v1)/jobs/{jobName}/drives/{driveId}/logs/{kind}", operationId: "DriveLogs_Get",
                  summary: "A drive's published error or verbose log (kind = error | verbose), DriveLog XML.",
                  produces: "application/xml"),
        Operation(method: "get", path: "\(v1)/extra-drives", operationId: "ExtraDrives_List",
                  summary: "Attached drives that no job lists (never processed)."),
        Operation(method: "get", path: "\(v1)/media", operationId: "Media_List", summary: "Attached drives the intake admitted."),
        Operation(method: "get", path: "\(v1)/clock", operationId: "Clock_Get", summary: "The simulated clock."),
        Operation(method: "post", path: "\(v1)/sim/advance", operationId: "Sim_Advance",
                  summary: "Move simulated time: {\"duration\": \"14d\"}.", body: true),
        Operation(method: "post", path: "\(v1)/sim/deliver", operationId: "Sim_Deliver",
                  summary: "A job's package arrives: {\"jobName\", \"driveIds\"}.", body: true),
        Operation(method: "post", path: "\(v1)/sim/ship-back", operationId: "Sim_ShipBack",
                  summary: "Hand the drives to the return carrier: {\"jobName\", \"trackingNumber\"?, \"carrierName\"?}.", body: true),
        Operation(method: "get", path: "\(v1)/events", operationId: "Events_Stream",
                  summary: "Server-Sent Events: lifecycle events (resumable with Last-Event-ID or ?after=ID) and live progress; ?job=NAME filters.",
                  produces: "text/event-stream"),
        Operation(method: "get", path: "/metrics", operationId: "Metrics", summary: "Prometheus exposition.",
                  produces: "text/plain"),
        Operation(method: "get", path: "/", operationId: "Dashboard_Jobs", summary: "Web dashboard: the job list (?vocabulary=classic|preview).",
                  produces: "text/html"),
        Operation(method: "get", path: "/jobs/{jobName}", operationId: "Dashboard_Job", summary: "Web dashboard: one job and its drives.",
                  produces: "text/html"),
        Operation(method: "get", path: "/static/dashboard.js", operationId: "Dashboard_Script", summary: "The dashboard's live-update script.",
                  produces: "text/javascript"),
        Operation(method: "get", path: "/static/dashboard.css", operationId: "Dashboard_Style", summary: "The dashboard's style sheet.",
                  produces: "text/css"),
    ]

    static var json: JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for operation in operations {
            if let index = paths.firstIndex(where: { $0.0 == operation.path }) {
                paths[index].1.append((operation.method, describe(operation)))
            } else {
                paths.append((operation.path, [(operation.method, describe(operation))]))
            }
        }
        return .object([
            ("openapi", .string("3.0.3")),
            ("info", .object([
                ("title", .string("iedrive daemon")),
                ("version", .string("1")),
                ("description", .string("Azure Import/Export simulator: the Microsoft.ImportExport ARM surface "
                    + "(api-version \(APIVersion.allCases.map(\.rawValue).joined(separator: ", "))) and, under \(v1), "
                    + "what lies beyond it. Errors use the ARM envelope {\"error\":{\"code\",\"message\",\"target\"}}.")),
            ])),
            ("components", .object([
                ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])),
                ("schemas", .object([("ErrorResponse", errorSchema)])),
            ])),
            ("security", .array([.object([("bearer", .array([]))])])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
        ])
    }

    static func describe(_ operation: Operation) -> JSONValue {
        var parameters: [JSONValue] = []
        for name in pathParameters(operation.path) {
            parameters.append(.object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                                       ("schema", .object([("type", .string("string"))]))]))
        }
        for name in operation.query {
            parameters.append(.object([("name", .string(name)), ("in", .string("query")), ("required", .bool(name == "api-version")),
                                       ("schema", name == "$top" ? .object([("type", .string("integer")), ("minimum", .int(1)),
                                                                               ("maximum", .int(100))])
                                                                 : name == "api-version" ? .object([("type", .string("string")),
                                                                     ("enum", .array(APIVersion.allCases.map { .string($0.rawValue) }))])
                                                                 : .object([("type", .string("string"))]))]))
        }
        var members: [(String, JSONValue)] = [
            ("operationId", .string(operation.operationId)),
            ("summary", .string(operation.summary)),
            ("parameters", .array(parameters)),
        ]
        if operation.body {
            members.append(("requestBody", .object([("required", .bool(true)), ("content", .object([
                ("application/json", .object([("schema", .object([("type", .string("object"))]))])),
            ]))])))
        }
        members.append(("responses", .object([
            (operation.success, .object([("description", .string("Success")), ("content", .object([
                (operation.produces, .object([("schema", .object([("type", .string(operation.produces == "application/json" ? "object" : "string"))]))])),
            ]))])),
            ("default", .object([("description", .string("ARM error envelope")), ("content", .object([
                ("application/json", .object([("schema", .object([("$ref", .string("#/components/schemas/ErrorResponse"))]))])),
            ]))])),
        ])))
        return .object(members)
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    static let errorSchema: JSONValue = .object([
        ("type", .string("object")),
        ("properties", .object([("error", .object([
            ("type", .string("object")),
            ("properties", .object([
                ("code", .object([("type", .string("string"))])),
                ("message", .object([("type", .string("string"))])),
                ("target", .object([("type", .string("string"))])),
            ])),
        ]))])),
    ])
}

/// Serves the document.
struct OpenAPIRoutes {
    func add(to router: Router<BasicRequestContext>) {
        let body = OpenAPIDocument.json.body
        router.get("\(SimulatorRoutes.prefix)/openapi.json") { _, _ in HTTPJSON.bytes(body) }
    }
}
