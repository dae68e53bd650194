import IEDriveAPI
import IEDriveCore

/// The response bodies of the ARM surface as the encoders write them (`JobResourceEncoder`,
/// `LocationEncoder`, `OperationsCatalog`, `ARMError`): members with no value are omitted,
/// never `null`; server vocabularies are enums. Fields newer than an api-version's swagger
/// (`identity`, `systemData`, `encryptionKey`, `additionalInformation`) are optional.
extension OpenAPIDocument {
    var responseSchemas: [(String, JSONSchema)] {
        [
            ("JobResponse", Self.jobResponse),
            ("JobDetails", Self.jobDetails),
            ("DriveStatus", Self.driveStatus),
            ("ListJobsResponse", JSONSchema.object([
                ("value", .array(.ref("JobResponse"))),
                ("nextLink", JSONSchema.string(format: "uri").described(
                    "The next page, absolute, with the same api-version, $top and $filter and a $skiptoken; omitted on the last page.")),
            ], required: ["value"])),
            ("Location", Self.location),
            ("LocationsResponse", JSONSchema.object([("value", .array(.ref("Location")))], required: ["value"])),
            ("ListOperationsResponse", Self.operations),
            ("GetBitLockerKeysResponse", JSONSchema.object([
                ("value", .array(.object([("driveId", .string()), ("bitLockerKey", .string())],
                                         required: ["driveId", "bitLockerKey"]))),
            ], required: ["value"]).described("One entry per drive that has a key (an export drive's once it has left Transferring).")),
            ("ErrorResponse", Self.errorResponse),
        ]
    }

    static let jobResponse = JSONSchema.object([
        ("id", JSONSchema.string(pattern: "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ImportExport/jobs/[^/]+$")),
        ("name", .string()),
        ("type", .enumeration([JobResourceID.jobType])),
        ("location", JSONSchema.string().described("As the job was created with.")),
        ("tags", .map(.string())),
        ("systemData", .object([
            ("createdBy", .string()), ("createdByType", .enumeration(ActorType.allCases.map(\.rawValue))),
            ("createdAt", JSONSchema.string(format: "date-time")),
            ("lastModifiedBy", .string()), ("lastModifiedByType", .enumeration(ActorType.allCases.map(\.rawValue))),
            ("lastModifiedAt", JSONSchema.string(format: "date-time")),
        ])),
        ("identity", .object([
            ("type", .enumeration(IdentityType.allCases.map(\.rawValue))),
            ("principalId", .string()), ("tenantId", .string()),
        ], required: ["type"])),
        ("properties", .ref("JobDetails")),
    ], required: ["id", "name", "type", "location", "tags", "properties"])
        .described("A job (no recovery keys). identity and systemData from api-version 2020-08-01.")

    static let jobDetails = JSONSchema.object([
        ("storageAccountId", .string()),
        ("jobType", .enumeration(JobType.allCases.map(\.rawValue))),
        ("returnAddress", .ref("ReturnAddress")),
        ("returnShipping", .ref("ReturnShipping")),
        ("shippingInformation", .object(
            ["recipientName", "streetAddress1", "streetAddress2", "city", "stateOrProvince", "postalCode", "countryOrRegion",
             "phone", "additionalInformation"].map { ($0, JSONSchema.string()) })),
        ("deliveryPackage", .ref("DeliveryPackage")),
        ("returnPackage", .object([
            ("carrierName", .string()), ("trackingNumber", .string()), ("driveCount", .integer()), ("shipDate", .string()),
        ], required: ["carrierName", "trackingNumber", "driveCount", "shipDate"])),
        ("diagnosticsPath", .string()),
        ("logLevel", .enumeration(LogLevel.allCases.map(\.rawValue))),
        ("backupDriveManifest", .boolean),
        ("state", JSONSchema.enumeration(JobState.allCases.map(\.rawValue))
            .described("The Classic job state (a cancelled job is Canceled, or Completed as configured).")),
        ("cancelRequested", .boolean),
        ("percentComplete", JSONSchema.integer(minimum: 0, maximum: 100)),
        ("incompleteBlobListUri", .string()),
        ("export", .object([
            ("blobList", .object([("blobPath", .array(.string())), ("blobPathPrefix", .array(.string()))],
                                 required: ["blobPath", "blobPathPrefix"])),
            ("blobListBlobPath", .string()),
        ])),
        ("driveList", .array(.ref("DriveStatus"))),
        ("provisioningState", .enumeration(["Succeeded"])),
        ("encryptionKey", .object([
            ("kekType", .enumeration(KekType.allCases.map(\.rawValue))), ("kekUrl", .string()), ("kekVaultResourceID", .string()),
        ], required: ["kekType"])),
    ], required: ["storageAccountId", "jobType", "diagnosticsPath", "logLevel", "backupDriveManifest", "state",
                  "cancelRequested", "driveList", "provisioningState"])

    /// Every `copyStatus` token (`CopyStatus.token`).
    static var copyStatuses: [String] {
        let steady: [CopyStatus] = [.notStarted, .inProgress, .completed, .completedWithWarnings, .completedWithErrors]
        return steady.map(\.token) + DriveFailureState.allCases.map(\.rawValue)
    }

    static let driveStatus = JSONSchema.object([
        ("driveId", .string()),
        ("manifestFile", .string()), ("manifestHash", .string()), ("driveHeaderHash", .string()),
        ("state", .enumeration(DriveState.allCases.map(\.rawValue))),
        ("copyStatus", .enumeration(copyStatuses)),
        ("percentComplete", JSONSchema.integer(minimum: 0, maximum: 100)),
        ("bytesSucceeded", JSONSchema.integer(minimum: 0)),
        ("verboseLogUri", .string()), ("errorLogUri", .string()), ("manifestUri", .string()),
    ], required: ["driveId", "state"])
        .with("not", .object([("required", .array([.string("bitLockerKey")]))]))
        .described("A drive of a job. Never carries its bitLockerKey.")

    static let location = JSONSchema.object([
        ("id", JSONSchema.string(pattern: "^/providers/Microsoft\\.ImportExport/locations/[^/]+$")),
        ("name", .string()),
        ("type", .enumeration(["Microsoft.ImportExport/locations"])),
        ("properties", .object(
            ["recipientName", "streetAddress1", "streetAddress2", "city", "stateOrProvince", "postalCode", "countryOrRegion",
             "phone", "additionalShippingInformation"].map { ($0, JSONSchema.string()) }
            + [("supportedCarriers", .array(.string())), ("alternateLocations", .array(.string()))],
            required: ["supportedCarriers", "alternateLocations"])),
    ], required: ["id", "name", "type", "properties"])

    static let operations = JSONSchema.object([
        ("value", .array(.object([
            ("name", .enumeration(OperationsCatalog.operations.map(\.name))),
            ("display", .object([
                ("provider", .enumeration([OperationsCatalog.provider])), ("resource", .string()),
                ("operation", .string()), ("description", .string()),
            ], required: ["provider", "resource", "operation", "description"])),
        ], required: ["name", "display"]))),
    ], required: ["value"])

    static let errorResponse = JSONSchema.object([
        ("error", .object([
            ("code", JSONSchema.string().described("ARM error code: MissingApiVersionParameter, InvalidApiVersionParameter, "
                + "InvalidRequestContent, InvalidParameter, InvalidFilter, AuthenticationFailed, ResourceNotFound, Conflict, "
                + "InvalidJobState, QuotaExceeded, KekTypeChangeNotAllowed, RequestEntityTooLarge, ServerBusy, InternalServerError, …")),
            ("message", .string()),
            ("target", JSONSchema.string().described("The JSON path or parameter at fault.")),
            ("details", .array(.object([("code", .string()), ("target", .string()), ("message", .string())],
                                       required: ["code", "message"]))),
        ], required: ["code", "message"])),
    ], required: ["error"]).described("The ARM error envelope (rest-api.md §7).")
}
