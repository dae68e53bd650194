public import IEDriveCore

/// Request bodies → Core requests: the PUT body (`PutJobParameters`) → `JobCreation`, the PATCH
/// body (`UpdateJobParameters`) → `JobPatch` (rest-api.md §2.10, §3.1, §3.2).
///
/// Checked here: JSON syntax and types (400 `InvalidRequestContent`), required members, known
/// vocabularies, a known `location` and the storage account ID's shape (400
/// `InvalidParameter`, target = JSON path). Content rules (drive count, unique IDs, empty
/// fields, one export selection, states) are the lifecycle's. Every api-version accepts the
/// same superset (§5: both export key spellings, `identity`/`encryptionKey` too); read-only
/// members and unknown members are ignored.
public struct JobRequestDecoder: Sendable {
    public var version: APIVersion
    public var locations: LocationCatalog
    public var options: RequestDecodingOptions
    /// Makes `identity.principalId`/`tenantId` for a `SystemAssigned` identity.
    public var makeIdentifier: @Sendable () -> String

    public init(version: APIVersion, locations: LocationCatalog = .simulated,
                options: RequestDecodingOptions = RequestDecodingOptions(),
                makeIdentifier: @escaping @Sendable () -> String = RandomIdentifier.make) {
        self.version = version
        self.locations = locations
        self.options = options
        self.makeIdentifier = makeIdentifier
    }

    /// A PUT body for job `jobName` (the path parameter). `shippingInformation` is filled from
    /// the location when the body has none.
    public func creation(scope: JobScope, jobName: String, body: [UInt8], actor: RequestActor? = nil) throws(ARMError) -> JobCreation {
        do {
            return try readCreation(scope: scope, jobName: jobName, root: try root(body), actor: actor)
        } catch {
            throw ARMError(error)
        }
    }

    /// A PATCH body. Every member is optional; `{}` is an empty patch.
    public func patch(body: [UInt8], actor: RequestActor? = nil) throws(ARMError) -> JobPatch {
        do {
            return try readPatch(root: try root(body), actor: actor)
        } catch {
            throw ARMError(error)
        }
    }

    private func root(_ body: [UInt8]) throws(JSONDecodingError) -> JSONObjectReader {
        try JSONObjectReader(try JSONParser.parse(body, limits: options.limits))
    }

    private func readCreation(scope: JobScope, jobName: String, root: JSONObjectReader, actor: RequestActor?) throws(JSONDecodingError) -> JobCreation {
        let locationName = try root.requiredString("location")
        guard let location = locations.location(named: locationName) else {
            let known = locations.locations.map { "'\($0.displayName)'" }.joined(separator: ", ")
            throw root.invalid("location", "'\(locationName)' is not a known Import/Export location; known locations: \(known).")
        }
        let properties = try root.requiredObject("properties")
        let storageAccountId = try properties.requiredString("storageAccountId")
        guard StorageAccountID.isWellFormed(storageAccountId) else {
            throw properties.invalid("storageAccountId",
                                     "'properties.storageAccountId' must be a storage account's ARM ID: /subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{account}.")
        }
        let typeText = try properties.requiredString("jobType")
        guard let type = JobType(apiValue: typeText) else {
            throw properties.invalid("jobType", "'properties.jobType' must be 'Import' or 'Export'.")
        }
        var creation = JobCreation(scope: scope, name: jobName, type: type, location: locationName, storageAccountId: storageAccountId)
        creation.tags = try root.stringMap("tags") ?? [:]
        creation.returnAddress = try properties.object("returnAddress").map(returnAddress)
        creation.returnShipping = try properties.object("returnShipping").map(returnShipping)
        creation.shippingInformation = try properties.object("shippingInformation").map(shippingInformation)
            ?? location.address
        creation.deliveryPackage = try properties.object("deliveryPackage").map(deliveryPackage)
        creation.diagnosticsPath = try properties.string("diagnosticsPath")
        creation.logLevel = try logLevel(in: properties)
        creation.backupDriveManifest = try properties.bool("backupDriveManifest")
        creation.export = try properties.object("export").map(export)
        creation.drives = try drives(in: properties, for: type) ?? []
        creation.encryptionKey = try properties.object("encryptionKey").map(encryptionKey)
        creation.identity = try root.object("identity").map(identity)
        creation.actor = actor
        return creation
    }

    private func readPatch(root: JSONObjectReader, actor: RequestActor?) throws(JSONDecodingError) -> JobPatch {
        var patch = JobPatch(tags: try root.stringMap("tags"), actor: actor)
        guard let properties = try root.object("properties") else { return patch }
        patch.cancelRequested = try properties.bool("cancelRequested")
        patch.state = try properties.string("state")
        patch.returnAddress = try properties.object("returnAddress").map(returnAddress)
        patch.returnShipping = try properties.object("returnShipping").map(returnShipping)
        patch.deliveryPackage = try properties.object("deliveryPackage").map(deliveryPackage)
        patch.logLevel = try logLevel(in: properties)
        patch.backupDriveManifest = try properties.bool("backupDriveManifest")
        patch.drives = try drives(in: properties, for: .import)
        return patch
    }

    private func logLevel(in properties: JSONObjectReader) throws(JSONDecodingError) -> LogLevel? {
        guard let text = try properties.string("logLevel") else { return nil }
        guard let level = LogLevel(apiValue: text) else {
            throw properties.invalid("logLevel", "'properties.logLevel' must be 'Error' or 'Verbose'.")
        }
        return level
    }
}
