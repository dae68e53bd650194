import Hummingbird
import IEDriveAPI
import IEDriveCore

/// `GET /iedrive/v1/openapi.json`: an OpenAPI 3.0 description of every route this daemon
/// serves, true to the listener it is served on: bearer security only where that listener
/// has tokens, the configured default scope (the CLI's), its locations, and the
/// server's input rules as schemas (patterns in `SchemaPatterns`; named formats where a
/// pattern cannot hold the rule). Written by hand as a table, one row per operation: a route
/// added elsewhere gets its row here; the contract tests call every row and
/// `scripts/check-openapi` runs schemathesis against it.
struct OpenAPIDocument {
    /// The configured subscription and resource group: only the CLI's default.
    var defaultScope: JobScope
    var locations: LocationCatalog
    /// Whether the listener requires `Authorization: Bearer` (its `api.tokens`).
    var secured: Bool
    var lifecycle: LifecycleConfiguration = LifecycleConfiguration()

    static let v1 = SimulatorRoutes.prefix
    static let arm = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs/{jobName}"

    var json: JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for operation in operations {
            let described = (operation.method, describe(operation))
            if let index = paths.firstIndex(where: { $0.0 == operation.path }) {
                paths[index].1.append(described)
            } else {
                paths.append((operation.path, [described]))
            }
        }
        var components: [(String, JSONValue)] = [
            ("schemas", .object((requestSchemas + responseSchemas + simulatorSchemas).map { ($0.0, $0.1.json) })),
        ]
        var document: [(String, JSONValue)] = [
            ("openapi", .string("3.0.3")),
            ("info", .object([
                ("title", .string("iedrive daemon")),
                ("version", .string("1")),
                ("description", .string(description)),
            ])),
        ]
        if secured {
            components.append(("securitySchemes", .object([("bearer", .object([
                ("type", .string("http")), ("scheme", .string("bearer")),
                ("description", .string("One of the daemon's api.tokens, compared in constant time.")),
            ]))])))
            document.append(("security", .array([.object([("bearer", .array([]))])])))
        }
        document.append(("paths", .object(paths.map { ($0.0, .object($0.1)) })))
        document.append(("components", .object(components)))
        return .object(document)
    }

    var description: String {
        "Azure Import/Export simulator: the Microsoft.ImportExport ARM surface (api-version "
            + APIVersion.allCases.map(\.rawValue).joined(separator: ", ") + ") and, under \(Self.v1), what lies beyond it. "
            + "Jobs live in whatever subscription and resource group the path names, keyed by subscription, resource group "
            + "and name, ASCII case ignored; a scope without jobs lists none. The configured [jobs] subscription_id "
            + "(\(defaultScope.subscriptionId)) and resource_group (\(defaultScope.resourceGroup)) are only the CLI's default. "
            + (secured ? "This listener requires Authorization: Bearer with one of its api.tokens (401 AuthenticationFailed otherwise). "
                       : "This listener requires no token. ")
            + "Errors of the API routes use the ARM envelope; the dashboard's are HTML. Every answer carries x-ms-request-id, "
            + "x-ms-correlation-request-id and Date. A listener at api.max_connections answers a new connection 503 ServerBusy; "
            + "bodies over \(HTTPJSON.bodyLimit) bytes get 413."
    }

    // MARK: Operations

    struct Operation {
        var method: String
        var path: String
        var operationId: String
        var tag: String
        var summary: String
        var parameters: [Parameter] = []
        /// The component schema of the JSON request body.
        var body: String?
        var replies: [Reply]
    }

    struct Parameter {
        var name: String
        var location: String
        var required: Bool
        var schema: JSONSchema
        var description: String

        static func query(_ name: String, required: Bool = false, _ schema: JSONSchema, _ description: String) -> Parameter {
            Parameter(name: name, location: "query", required: required, schema: schema, description: description)
        }

        static func header(_ name: String, _ schema: JSONSchema, _ description: String) -> Parameter {
            Parameter(name: name, location: "header", required: false, schema: schema, description: description)
        }
    }

    struct Reply {
        var status: Int
        var description: String
        /// Media type and schema; none for an empty body.
        var content: (String, JSONSchema)?
        var headers: [(String, JSONValue)] = []

        static func json(_ status: Int, _ schema: String, _ description: String) -> Reply {
            Reply(status: status, description: description, content: ("application/json", .ref(schema)))
        }

        static func text(_ status: Int, _ mediaType: String, _ description: String) -> Reply {
            Reply(status: status, description: description, content: (mediaType, .string()))
        }

        /// An ARM error envelope with these codes.
        static func error(_ status: Int, _ codes: String) -> Reply {
            Reply(status: status, description: codes, content: ("application/json", .ref("ErrorResponse")))
        }

        static func html(_ status: Int, _ description: String) -> Reply { text(status, "text/html", description) }
    }

    var apiVersion: Parameter {
        .query("api-version", required: true, .enumeration(APIVersion.allCases.map(\.rawValue)),
               "Required; exactly one of these (400 MissingApiVersionParameter / InvalidApiVersionParameter otherwise).")
    }

    /// The query of the two list operations (`JobListQuery`).
    var listQuery: [Parameter] {
        [
            apiVersion,
            .query("$top", .integer(minimum: 1, maximum: 100, format: "int32"), "Page size, 1–100 (default 100)."),
            .query("$filter", .string(pattern: SchemaPatterns.filter),
                   "state eq '<Classic state>' and/or properties/jobType eq '<Import|Export>' (also jobType, properties/state), "
                   + "joined by 'and'; words and values in any case. Anything else is 400 InvalidFilter."),
            .query("$skiptoken", .string(pattern: SchemaPatterns.skipToken),
                   "Where a page starts: follow nextLink verbatim. Only tokens this service issued are accepted (400 InvalidParameter)."),
        ]
    }

    static let armBadRequest = "400: MissingApiVersionParameter or InvalidApiVersionParameter"
    /// What a job route adds: its scope checked before any job is looked up.
    static let scopeBadRequest = "400: MissingApiVersionParameter, InvalidApiVersionParameter or InvalidParameter "
        + "(a subscription id that is not a GUID, a resource group name outside the rules)"
    static let bodyBadRequest = "400: MissingApiVersionParameter, InvalidApiVersionParameter, InvalidRequestContent (not JSON, "
        + "wrong types) or InvalidParameter (a rule; target names the member)"
    static let internalError = Reply.error(500, "500: InternalServerError (the daemon could not complete the request)")
    static let tooLarge = Reply.error(413, "413: RequestEntityTooLarge (body over \(HTTPJSON.bodyLimit) bytes)")

    var operations: [Operation] { armOperations + simulatorOperations + publishingOperations }

    var armOperations: [Operation] {
        let provider = "/providers/Microsoft.ImportExport"
        let job = Self.arm
        let jobNotFound = Reply.error(404, "404: ResourceNotFound (no such job in this subscription and resource group)")
        return [
            Operation(method: "get", path: "\(provider)/locations", operationId: "Locations_List", tag: "ARM",
                      summary: "The datacenter locations drives are shipped to.", parameters: [apiVersion],
                      replies: [.json(200, "LocationsResponse", "The locations."), .error(400, Self.armBadRequest)]),
            Operation(method: "get", path: "\(provider)/locations/{locationName}", operationId: "Locations_Get", tag: "ARM",
                      summary: "One location (display or short name, case and spaces ignored).", parameters: [apiVersion],
                      replies: [.json(200, "Location", "The location."), .error(400, Self.armBadRequest),
                                .error(404, "404: ResourceNotFound (no such location)")]),
            Operation(method: "get", path: "\(provider)/operations", operationId: "Operations_List", tag: "ARM",
                      summary: "The provider's operations.", parameters: [apiVersion],
                      replies: [.json(200, "ListOperationsResponse", "The operations."), .error(400, Self.armBadRequest)]),
            Operation(method: "get", path: "/subscriptions/{subscriptionId}\(provider)/jobs", operationId: "Jobs_ListBySubscription",
                      tag: "ARM", summary: "Jobs of the subscription, oldest first, paged ($top, nextLink).", parameters: listQuery,
                      replies: listReplies),
            Operation(method: "get", path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}\(provider)/jobs",
                      operationId: "Jobs_ListByResourceGroup", tag: "ARM",
                      summary: "Jobs of the resource group, oldest first, paged ($top, nextLink).", parameters: listQuery,
                      replies: listReplies),
            Operation(method: "get", path: job, operationId: "Jobs_Get", tag: "ARM", summary: "One job (no recovery keys).",
                      parameters: [apiVersion],
                      replies: [.json(200, "JobResponse", "The job."), .error(400, Self.scopeBadRequest), jobNotFound, Self.internalError]),
            Operation(method: "put", path: job, operationId: "Jobs_Create", tag: "ARM",
                      summary: "Create a job (201), or replace one still Creating (200).", parameters: [apiVersion],
                      body: "PutJobParameters",
                      replies: [.json(200, "JobResponse", "Replaced (the job was Creating)."), .json(201, "JobResponse", "Created."),
                                .error(400, Self.bodyBadRequest + "; a job name is 3–64 letters, digits, '-', '_'"),
                                .error(409, "409: Conflict (the name belongs to a job past Creating), QuotaExceeded, KekTypeChangeNotAllowed"),
                                Self.tooLarge, Self.internalError]),
            Operation(method: "patch", path: job, operationId: "Jobs_Update", tag: "ARM",
                      summary: "Update a job: tags, addresses, packages, logLevel, drives, state Shipping, cancelRequested.",
                      parameters: [apiVersion], body: "UpdateJobParameters",
                      replies: [.json(200, "JobResponse", "The updated job."),
                                .error(400, Self.bodyBadRequest + " — also Shipping without returnAddress or deliveryPackage on the job"),
                                jobNotFound,
                                .error(409, "409: InvalidJobState (the member cannot change in the job's state; cancel after Creating)"),
                                Self.tooLarge, Self.internalError]),
            Operation(method: "delete", path: job, operationId: "Jobs_Delete", tag: "ARM",
                      summary: "Delete a job in Creating, Completed, Closed or Canceled.", parameters: [apiVersion],
                      replies: [Reply(status: 200, description: "Deleted (empty body).", content: nil),
                                .error(400, Self.scopeBadRequest), jobNotFound,
                                .error(409, "409: InvalidJobState (the job is active)"), Self.internalError]),
            Operation(method: "post", path: job + "/listBitLockerKeys", operationId: "BitLockerKeys_List", tag: "ARM",
                      summary: "The drives' recovery keys: the only operation that returns them.", parameters: [apiVersion],
                      replies: [.json(200, "GetBitLockerKeysResponse", "The keys."), .error(400, Self.scopeBadRequest), jobNotFound,
                                Self.internalError]),
        ]
    }

    var listReplies: [Reply] {
        [.json(200, "ListJobsResponse", "A page of jobs."),
         .error(400, Self.scopeBadRequest + ", InvalidParameter ($top, $skiptoken) or InvalidFilter"),
         Self.internalError]
    }

    // MARK: Path parameters

    /// The schema and description of a path parameter, by name.
    func pathParameter(_ name: String) -> (JSONSchema, String) {
        switch name {
        case "subscriptionId":
            (.string(pattern: SchemaPatterns.subscriptionId), "A subscription id: a GUID, either case.")
        case "resourceGroupName":
            (.string(pattern: SchemaPatterns.resourceGroupName),
             "1–90 ASCII letters, digits, '_', '-', '.', '(' and ')', not ending in '.'; compared case-insensitively.")
        case "jobName":
            (.string(pattern: SchemaPatterns.jobName),
             "3–64 ASCII letters, digits, '-' and '_', starting with a letter or digit; compared case-insensitively.")
        case "locationName":
            (.string(pattern: SchemaPatterns.location(locations)), "A location's display or short name (case and spaces ignored), or its id.")
        case "driveId":
            (.string(pattern: SchemaPatterns.driveId), "The drive's id as the job lists it.")
        case "kind":
            (.string(pattern: SchemaPatterns.caseless(["error", "verbose"])), "error or verbose (any case).")
        case "account":
            (.string(pattern: SchemaPatterns.storageAccountName), "A storage account name: 3–24 lower-case letters and digits.")
        default:
            (.string(), "")
        }
    }

    static func pathParameterNames(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    // MARK: Rendering

    func describe(_ operation: Operation) -> JSONValue {
        var parameters: [JSONValue] = []
        for name in Self.pathParameterNames(operation.path) {
            let (schema, description) = pathParameter(name)
            parameters.append(.object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                                       ("description", .string(description)), ("schema", schema.json)]))
        }
        for parameter in operation.parameters {
            parameters.append(.object([("name", .string(parameter.name)), ("in", .string(parameter.location)),
                                       ("required", .bool(parameter.required)), ("description", .string(parameter.description)),
                                       ("schema", parameter.schema.json)]))
        }
        var members: [(String, JSONValue)] = [
            ("operationId", .string(operation.operationId)),
            ("tags", .array([.string(operation.tag)])),
            ("summary", .string(operation.summary)),
        ]
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let body = operation.body {
            members.append(("requestBody", .object([("required", .bool(true)), ("content", .object([
                ("application/json", .object([("schema", JSONSchema.ref(body).json)])),
            ]))])))
        }
        var replies = operation.replies
        if secured {
            var refused = Reply.error(401, "401: AuthenticationFailed (no, or no valid, bearer token)")
            refused.headers.append(("WWW-Authenticate", Self.header("Bearer realm=\"iedrive\"", .string())))
            replies.append(refused)
        }
        replies.sort { $0.status < $1.status }
        members.append(("responses", .object(replies.map { reply in
            var response: [(String, JSONValue)] = [("description", .string(reply.description))]
            response.append(("headers", .object(Self.commonHeaders + reply.headers)))
            if let (mediaType, schema) = reply.content {
                response.append(("content", .object([(mediaType, .object([("schema", schema.json)]))])))
            }
            return (String(reply.status), .object(response))
        })))
        return .object(members)
    }

    static func header(_ description: String, _ schema: JSONSchema) -> JSONValue {
        .object([("description", .string(description)), ("required", .bool(true)), ("schema", schema.json)])
    }

    /// rest-api.md §4, on every answer (`ARMResponseHeaders`).
    static let commonHeaders: [(String, JSONValue)] = [
        ("x-ms-request-id", header("A new GUID per answer.", .string(format: "uuid"))),
        ("x-ms-correlation-request-id", header("The request's x-ms-correlation-request-id (1–128 characters), else a new GUID.",
                                               .string())),
        ("Date", header("When the answer was made (HTTP date).", .string())),
    ]
}

/// Serves the document for one listener.
struct OpenAPIRoutes {
    let document: OpenAPIDocument

    func add(to router: Router<BasicRequestContext>) {
        let body = document.json.body
        router.get("\(SimulatorRoutes.prefix)/openapi.json") { _, _ in HTTPJSON.bytes(body) }
    }
}
