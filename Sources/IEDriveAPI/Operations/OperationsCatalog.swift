public import IEDriveCore

/// `Operations_List` (rest-api.md §2.9): the provider's operations, names exact.
public enum OperationsCatalog {
    public struct Operation: Sendable, Hashable {
        public var name: String
        public var resource: String
        public var operation: String
        public var description: String
    }

    public static let provider = "Microsoft Import/Export"

    public static let operations: [Operation] = [
        Operation(name: "Microsoft.ImportExport/locations/read", resource: "Locations",
                  operation: "Get locations", description: "Gets the locations where drives can be shipped."),
        Operation(name: "Microsoft.ImportExport/jobs/write", resource: "Jobs",
                  operation: "Create or update job", description: "Creates or updates an import/export job."),
        Operation(name: "Microsoft.ImportExport/jobs/read", resource: "Jobs",
                  operation: "Get jobs", description: "Gets the properties of import/export jobs."),
        Operation(name: "Microsoft.ImportExport/jobs/listBitLockerKeys/action", resource: "Jobs",
                  operation: "List BitLocker keys", description: "Gets the BitLocker keys of a job's drives."),
        Operation(name: "Microsoft.ImportExport/jobs/delete", resource: "Jobs",
                  operation: "Delete job", description: "Deletes an import/export job."),
        Operation(name: "Microsoft.ImportExport/register/action", resource: "Import/Export Resource Provider",
                  operation: "Register resource provider",
                  description: "Registers the subscription with the Import/Export resource provider."),
    ]

    /// `{"value":[{"name","display":{"provider","resource","operation","description"}}]}`.
    public static var json: JSONValue {
        .object([("value", .array(operations.map { operation in
            .object([
                ("name", .string(operation.name)),
                ("display", .object([
                    ("provider", .string(provider)),
                    ("resource", .string(operation.resource)),
                    ("operation", .string(operation.operation)),
                    ("description", .string(operation.description)),
                ])),
            ])
        }))])
    }
}
