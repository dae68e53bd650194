public import IEDriveCore

/// Job → the job resource (`JobResponse`, rest-api.md §2.1–2.3, §3.4), list pages and the
/// BitLocker key list. Fields with no value are omitted, never `null`. `bitLockerKey` is never
/// part of a resource; only `bitLockerKeys(_:)` reveals keys.
public struct JobResourceEncoder: Sendable {
    public var version: APIVersion
    public var fieldPolicy: ResponseFieldPolicy
    /// How a cancelled job's state is spelled (states.md §1).
    public var canceledJobSpelling: CanceledJobSpelling

    public init(version: APIVersion, fieldPolicy: ResponseFieldPolicy = .perVersion,
                canceledJobSpelling: CanceledJobSpelling = .canceled) {
        self.version = version
        self.fieldPolicy = fieldPolicy
        self.canceledJobSpelling = canceledJobSpelling
    }

    /// The fields of this version (or of the newest, under `.superset`).
    var fields: APIVersion { fieldPolicy == .superset ? .latest : version }

    /// `Jobs_Get`, and the body of PUT and PATCH.
    public func resource(_ job: Job) -> JSONValue {
        var resource = JSONObjectBuilder()
        resource[string: "id"] = JobResourceID.of(job)
        resource[string: "name"] = job.name
        resource[string: "type"] = JobResourceID.jobType
        resource[string: "location"] = job.location
        resource["tags"] = .object(job.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        if fields.hasSystemData { resource["systemData"] = systemData(job) }
        if fields.hasIdentity { resource["identity"] = identity(job.identity) }
        resource["properties"] = properties(job)
        return resource.json
    }

    /// `Jobs_ListBySubscription` / `Jobs_ListByResourceGroup` page: `nextLink` (the caller's
    /// absolute URL) only when there is another page.
    public func list(_ jobs: [Job], nextLink: String?) -> JSONValue {
        var page = JSONObjectBuilder()
        page["value"] = .array(jobs.map { resource($0) })
        page[string: "nextLink"] = nextLink
        return page.json
    }

    /// `BitLockerKeys_List` (§3.5): `{"value":[{"driveId","bitLockerKey"}]}`, one entry per
    /// drive that has a key.
    public func bitLockerKeys(_ job: Job) -> JSONValue {
        .object([("value", .array(job.bitLockerKeys.map { entry in
            .object([("driveId", .string(entry.driveId)), ("bitLockerKey", .string(entry.key.revealed))])
        }))])
    }

    private func properties(_ job: Job) -> JSONValue {
        var properties = JSONObjectBuilder()
        properties[string: "storageAccountId"] = job.storageAccountId
        properties[string: "jobType"] = job.type.rawValue
        properties["returnAddress"] = job.returnAddress.map(Self.returnAddress)
        properties["returnShipping"] = job.returnShipping.map(Self.returnShipping)
        properties["shippingInformation"] = job.shippingInformation.map(shippingInformation)
        properties["deliveryPackage"] = job.deliveryPackage.map(Self.deliveryPackage)
        properties["returnPackage"] = job.returnPackage.map(Self.returnPackage)
        properties[string: "diagnosticsPath"] = job.diagnosticsPath
        properties[string: "logLevel"] = job.logLevel.rawValue
        properties["backupDriveManifest"] = .bool(job.backupDriveManifest)
        properties[string: "state"] = job.classicState(canceledAs: canceledJobSpelling)
        properties["cancelRequested"] = .bool(job.cancelRequested)
        properties[integer: "percentComplete"] = job.percentComplete.map(Int64.init)
        properties[string: "incompleteBlobListUri"] = job.incompleteBlobListUri
        properties["export"] = job.export.map(Self.export)
        properties["driveList"] = .array(job.drives.map(Self.drive))
        properties[string: "provisioningState"] = "Succeeded"
        if fields.hasEncryptionKey { properties["encryptionKey"] = Self.encryptionKey(job.encryptionKey) }
        return properties.json
    }

    private func systemData(_ job: Job) -> JSONValue {
        var data = JSONObjectBuilder()
        data[string: "createdBy"] = job.createdBy?.name
        data[string: "createdByType"] = job.createdBy?.type.rawValue
        data[string: "createdAt"] = Self.timestamp(job.timestamps.createdAt)
        data[string: "lastModifiedBy"] = job.lastModifiedBy?.name
        data[string: "lastModifiedByType"] = job.lastModifiedBy?.type.rawValue
        data[string: "lastModifiedAt"] = Self.timestamp(job.timestamps.lastModifiedAt)
        return data.json
    }

    private func identity(_ identity: JobIdentity) -> JSONValue {
        var object = JSONObjectBuilder()
        object[string: "type"] = identity.type.rawValue
        object[string: "principalId"] = identity.principalId
        object[string: "tenantId"] = identity.tenantId
        return object.json
    }

    /// ARM's `systemData` style: `2024-06-03T09:12:44.5210000Z` (rest-api.md §8.1).
    static func timestamp(_ instant: Instant) -> String { CivilTime(instant).iso8601(fractionDigits: 7) }
}
