import IEDriveAPI
import IEDriveCore

/// The request bodies of the ARM surface (rest-api.md §2.10, §3.1, §3.2) as the server reads
/// them: `JobRequestDecoder` (shape, types, vocabularies, location, storage account ID) and
/// the lifecycle's `CreationValidation` (content rules). Members the server ignores (read-only
/// ones, unknown ones) are allowed; `null` is the same as absent, so every optional member is
/// nullable. Member names match case-insensitively on the server; the schemas name the
/// documented spelling.
extension OpenAPIDocument {
    var requestSchemas: [(String, JSONSchema)] {
        [
            ("PutJobParameters", putJob),
            ("ImportJobProperties", jobProperties(.import)),
            ("ExportJobProperties", jobProperties(.export)),
            ("UpdateJobParameters", updateJob),
            ("DriveSpecification", driveSpecification),
            ("ExportSelection", exportSelection),
            ("ReturnAddress", Self.returnAddress),
            ("ReturnShipping", Self.returnShipping),
            ("DeliveryPackage", Self.deliveryPackage),
            ("ShippingInformation", Self.shippingInformation),
            ("EncryptionKeyDetails", encryptionKey),
            ("IdentityDetails", identity),
        ]
    }

    var putJob: JSONSchema {
        .object([
            ("location", JSONSchema.string(pattern: SchemaPatterns.location(locations)).described(
                "A location of GET /providers/Microsoft.ImportExport/locations, by display or short name ("
                + locations.locations.map { "'\($0.displayName)' or '\($0.shortName)'" }.joined(separator: ", ")
                + "); ASCII case and spaces are ignored.")),
            ("tags", Self.tags),
            ("identity", JSONSchema.ref("IdentityDetails").nullable()),
            ("properties", JSONSchema.oneOf([.ref("ImportJobProperties"), .ref("ExportJobProperties")]).described(
                "An import job lists its drives; an export job names its blobs (`export`) and lists no drives.")),
        ], required: ["location", "properties"])
        .described("PUT a job (Jobs_Create): creates it (201), or replaces one still Creating (200).")
    }

    var maxDrives: Int { lifecycle.maxDrivesPerJob }

    /// `properties` of a PUT body for one job type.
    func jobProperties(_ type: JobType) -> JSONSchema {
        var members: [(String, JSONSchema)] = [
            ("storageAccountId", JSONSchema.string(pattern: SchemaPatterns.storageAccountId).described(
                "The storage account's ARM ID: /subscriptions/{subscription}/resourceGroups/{group}/providers/"
                + "Microsoft.Storage/storageAccounts/{account} (or Microsoft.ClassicStorage); the fixed words in any case.")),
            ("jobType", JSONSchema.string(pattern: SchemaPatterns.caseless([type.rawValue]))
                .described("'\(type.rawValue)', in any case.")),
        ]
        switch type {
        case .import:
            members.append(("driveList", driveList.described(
                "1 to \(maxDrives) drives, each driveId once (x-unique-by: JSON Schema cannot say it; the server answers 400 InvalidParameter).")))
            members.append(("export", JSONSchema.absent.described("An import job carries no `export`.")))
        case .export:
            members.append(("export", .ref("ExportSelection")))
            members.append(("driveList", JSONSchema.array(.ref("DriveSpecification"), maxItems: 0).nullable().described(
                "An export job lists no drives; they are added when its package arrives.")))
        }
        members += [
            ("returnAddress", JSONSchema.ref("ReturnAddress").nullable()),
            ("returnShipping", JSONSchema.ref("ReturnShipping").nullable()),
            ("shippingInformation", JSONSchema.ref("ShippingInformation").nullable()),
            ("deliveryPackage", JSONSchema.ref("DeliveryPackage").nullable()),
            ("diagnosticsPath", Self.diagnosticsPath.nullable()),
            ("logLevel", Self.logLevel.nullable()),
            ("backupDriveManifest", JSONSchema.boolean.nullable()),
            ("encryptionKey", JSONSchema.ref("EncryptionKeyDetails").nullable()),
        ]
        return .object(members, required: ["storageAccountId", "jobType", type == .import ? "driveList" : "export"])
            .described("`properties` of a\(type == .import ? "n" : "") \(type.rawValue.lowercased()) job. "
                       + "Read-only members (state, driveList[].state, …) and unknown ones are ignored.")
    }

    var updateJob: JSONSchema {
        let shipping = SchemaPatterns.caseless([JobState.shipping.rawValue])
        var cancel = JSONSchema.boolean.nullable()
        if lifecycle.strictCancelRequested {
            cancel = JSONSchema([("type", .string("boolean")), ("nullable", .bool(true)), ("enum", .array([.bool(true), .null]))])
        }
        let properties = JSONSchema.object([
            ("cancelRequested", cancel.described("true cancels the job (while Creating); "
                + (lifecycle.strictCancelRequested ? "false is refused." : "false is ignored."))),
            ("state", JSONSchema.string(pattern: "^(?:" + SchemaPatterns.caselessWord(JobState.shipping.rawValue) + ")?$").nullable()
                .described("'Shipping' (any case) declares the package sent; '' changes nothing. The job must then have "
                           + "(or this request give) returnAddress and deliveryPackage: without them the server answers 400 InvalidParameter.")),
            ("returnAddress", JSONSchema.ref("ReturnAddress").nullable()),
            ("returnShipping", JSONSchema.ref("ReturnShipping").nullable()),
            ("deliveryPackage", JSONSchema.ref("DeliveryPackage").nullable()),
            ("logLevel", Self.logLevel.nullable()),
            ("backupDriveManifest", JSONSchema.boolean.nullable()),
            ("driveList", driveList.nullable().described(
                "Replaces an import job's drives while Creating (same rules as PUT, each driveId once; an export job lists none: 400).")),
        ])
        // Cancelling and declaring the package sent at once contradict each other (400).
        .with("not", .object([
            ("required", .array([.string("cancelRequested"), .string("state")])),
            ("properties", .object([
                ("cancelRequested", .object([("enum", .array([.bool(true)]))])),
                ("state", .object([("type", .string("string")), ("pattern", .string(shipping))])),
            ])),
        ]))
        return .object([("tags", Self.tags), ("properties", properties.nullable())])
            .described("PATCH a job (Jobs_Update): every member optional; tags replace the set.")
    }

    /// An import job's drives: 1 to `maxDrives`, no driveId twice. That last rule is not JSON
    /// Schema; `x-unique-by` names the member that must differ (scripts/lib/openapi_hooks.py
    /// keeps schemathesis's valid drive lists to it).
    var driveList: JSONSchema {
        JSONSchema.array(.ref("DriveSpecification"), minItems: 1, maxItems: maxDrives).with("x-unique-by", .string("driveId"))
    }

    var driveSpecification: JSONSchema {
        .object([
            ("driveId", JSONSchema.string(pattern: SchemaPatterns.driveId)
                .described("The drive's serial number: 1–128 printable ASCII characters without spaces, '/' or '\\'.")),
            ("bitLockerKey", JSONSchema.string(minLength: 1).described("The recovery key; never returned except by listBitLockerKeys.")),
            ("manifestFile", JSONSchema.string(minLength: 1).described("Path of the manifest on the drive, e.g. \\DriveManifest.xml.")),
            ("manifestHash", JSONSchema.string(minLength: 1).described("Base16 hash of the manifest file.")),
            ("driveHeaderHash", JSONSchema.string().nullable()),
        ], required: ["driveId", "bitLockerKey", "manifestFile", "manifestHash"])
    }

    /// `export`: exactly one of a non-empty inline list and a list blob (rule 5).
    var exportSelection: JSONSchema {
        let inline = JSONSchema.object([
            ("blobList", JSONSchema.object([
                ("blobPath", JSONSchema.array(Self.blobPath).nullable()),
                ("blobPathPrefix", JSONSchema.array(Self.blobPathPrefix).nullable()),
            ]).with("anyOf", .array([
                JSONSchema.object([("blobPath", .array(Self.blobPath, minItems: 1))], required: ["blobPath"]).json,
                JSONSchema.object([("blobPathPrefix", .array(Self.blobPathPrefix, minItems: 1))], required: ["blobPathPrefix"]).json,
            ]))),
            ("blobListBlobPath", JSONSchema.string(maxLength: 0).nullable()),
        ], required: ["blobList"]).described("An inline list: blob paths and prefixes, \(exportListBytes) bytes at most in all "
                                              + "(a longer list goes in a blob named by blobListBlobPath).")
        let listBlob = JSONSchema.object([
            ("blobListBlobPath", Self.blobPath.described("The block blob holding the XML blob list, container/blob "
                                                        + "(a leading '/' is allowed). Also read as blobListblobPath (2016-11-01).")),
            ("blobList", JSONSchema.object([
                ("blobPath", JSONSchema.array(Self.blobPath, maxItems: 0).nullable()),
                ("blobPathPrefix", JSONSchema.array(Self.blobPathPrefix, maxItems: 0).nullable()),
            ]).nullable()),
        ], required: ["blobListBlobPath"]).described("A list blob.")
        return JSONSchema.oneOf([inline, listBlob]).with("type", .string("object"))
            .described("What an export job copies: exactly one of a non-empty inline blobList and a blobListBlobPath.")
    }

    var exportListBytes: Int { RequestDecodingOptions().maximumInlineBlobListBytes }

    var encryptionKey: JSONSchema {
        let microsoft = JSONSchema.object([
            ("kekType", JSONSchema.string(pattern: SchemaPatterns.caseless([KekType.microsoftManaged.rawValue])).nullable()),
            ("kekUrl", JSONSchema.string().nullable()),
            ("kekVaultResourceID", JSONSchema.string().nullable()),
        ])
        let customer = JSONSchema.object([
            ("kekType", JSONSchema.string(pattern: SchemaPatterns.caseless([KekType.customerManaged.rawValue]))),
            ("kekUrl", JSONSchema.string(minLength: 1)),
            ("kekVaultResourceID", JSONSchema.string(minLength: 1)),
        ], required: ["kekType", "kekUrl", "kekVaultResourceID"])
        return JSONSchema.oneOf([microsoft, customer]).with("type", .string("object")).described(
            "kekType MicrosoftManaged (the default) or CustomerManaged (any case); a customer-managed key needs kekUrl and "
            + "kekVaultResourceID. A job never goes back from CustomerManaged (409 KekTypeChangeNotAllowed).")
    }

    var identity: JSONSchema {
        .object([("type", JSONSchema.string(pattern: SchemaPatterns.caseless(IdentityType.allCases.map(\.rawValue))).nullable()
            .described("None (the default), SystemAssigned or UserAssigned, in any case; principalId and tenantId are read-only."))])
    }

    // MARK: Shared members

    static let tags = JSONSchema.map(.string()).nullable().described("Tags, name → value; replace the job's set.")

    static let logLevel = JSONSchema.string(pattern: SchemaPatterns.caseless(LogLevel.allCases.map(\.rawValue)))
        .described("Error (the default) or Verbose, in any case.")

    static let diagnosticsPath = JSONSchema.string(pattern: SchemaPatterns.diagnosticsPath, format: "diagnostics-path",
                                                   maxLength: DiagnosticsPath.maxLength)
        .described("Where drive logs go: a container of the storage account and optionally folders in it "
                   + "('waimportexport', 'logs/import'); at most \(DiagnosticsPath.maxLength) UTF-16 code units "
                   + "(format diagnostics-path: the pattern states the rest, not that count).")

    static let blobPath = JSONSchema.string(format: "blob-path", minLength: 1).described(
        "A blob path container/blob (blob-list.md): a container name (3–63 lower-case letters, digits, single inner hyphens; "
        + "or $root) and a blob name (up to 1,024 UTF-16 code units and 254 segments, no '.' or '..' segment, not ending "
        + "in '.', '/' or '\\', no control, private-use or noncharacter code points); one leading '/' allowed. "
        + "Format blob-path: the blob-list rules, which a pattern cannot hold.")

    static let blobPathPrefix = JSONSchema.string(format: "blob-path-prefix", minLength: 1).described(
        "A prefix starting with '/': '/container/name-start', or '/' and the start of a container name (blob-list.md). "
        + "Format blob-path-prefix: the blob-list rules.")

    static func nonEmpty(_ description: String? = nil) -> JSONSchema {
        let schema = JSONSchema.string(minLength: 1)
        return description.map(schema.described) ?? schema
    }

    static let returnAddress = JSONSchema.object([
        ("recipientName", nonEmpty()), ("streetAddress1", nonEmpty()), ("streetAddress2", JSONSchema.string().nullable()),
        ("city", nonEmpty()), ("stateOrProvince", JSONSchema.string().nullable()), ("postalCode", nonEmpty()),
        ("countryOrRegion", nonEmpty()), ("phone", nonEmpty()), ("email", nonEmpty()),
    ], required: ["recipientName", "streetAddress1", "city", "postalCode", "countryOrRegion", "phone", "email"])

    static let returnShipping = JSONSchema.object([("carrierName", nonEmpty()), ("carrierAccountNumber", nonEmpty())],
                                                  required: ["carrierName", "carrierAccountNumber"])

    static let deliveryPackage = JSONSchema.object([
        ("carrierName", nonEmpty()), ("trackingNumber", nonEmpty()),
        ("driveCount", JSONSchema.integer(minimum: 0, maximum: Int64.max).nullable()), ("shipDate", JSONSchema.string().nullable()),
    ], required: ["carrierName", "trackingNumber"])

    static let shippingInformation = JSONSchema.object(
        ["recipientName", "streetAddress1", "streetAddress2", "city", "stateOrProvince", "postalCode", "countryOrRegion", "phone"]
            .map { ($0, JSONSchema.string().nullable()) }
    ).described("Where drives are shipped; copied from the location when not given. additionalInformation is read-only.")
}
