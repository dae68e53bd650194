/// One Import/Export job (`Microsoft.ImportExport/jobs`, rest-api.md §2.1–2.2) with the
/// simulator's bookkeeping beside the API fields. A value: `JobLifecycle` returns changed
/// copies, never mutates shared state.
public struct Job: Sendable, Hashable, Codable {
    // MARK: Resource

    /// The subscription and resource group the creating PUT named (its spelling kept).
    public var scope: JobScope
    /// `name`: as created; names compare case-insensitively (`JobName`). Unique in `scope`.
    public var name: String
    /// `properties.jobType`.
    public var type: JobType
    /// `location`: the Azure location as supplied (`West Europe`).
    public var location: String
    /// `tags`: replaced as a whole by PATCH; changeable in every state.
    public var tags: [String: String]
    /// `properties.storageAccountId`.
    public var storageAccountId: String
    /// `identity` (2020-08-01+).
    public var identity: JobIdentity
    /// `properties.encryptionKey` (2020-08-01+).
    public var encryptionKey: EncryptionKeyDetails
    /// `systemData.createdBy`/`createdByType`.
    public var createdBy: RequestActor?
    /// `systemData.lastModifiedBy`/`lastModifiedByType`.
    public var lastModifiedBy: RequestActor?

    // MARK: Shipping

    /// `properties.returnAddress`: required before `Shipping`.
    public var returnAddress: ReturnAddress?
    /// `properties.returnShipping`.
    public var returnShipping: ReturnShipping?
    /// `properties.shippingInformation`: the datacenter's address.
    public var shippingInformation: ShippingInformation?
    /// `properties.deliveryPackage`: required before `Shipping`.
    public var deliveryPackage: DeliveryPackage?
    /// `properties.returnPackage`: set when the drives are shipped back.
    public var returnPackage: PackageInformation?

    // MARK: Copy options

    /// `properties.diagnosticsPath` (default `waimportexport`).
    public var diagnosticsPath: String
    /// `properties.logLevel`.
    public var logLevel: LogLevel
    /// `properties.backupDriveManifest`.
    public var backupDriveManifest: Bool
    /// `properties.export`: export jobs only.
    public var export: ExportSpecification?
    /// `properties.incompleteBlobListUri`: export only, when not every blob fit.
    public var incompleteBlobListUri: String?

    // MARK: State

    /// `properties.state` (Classic). Read `classicState(canceledAs:)` for the API string.
    public var state: JobState
    /// `properties.cancelRequested`.
    public var cancelRequested: Bool
    /// The internal Faulted flag (states.md §1), nil when the job runs normally.
    public var fault: JobFault?
    /// `properties.driveList`: up to 10 drives; empty for export until the package arrives.
    public var drives: [Drive]
    /// Drives that came with the package but are not the job's (states.md §7 rules 1–2).
    public var extraDrives: [ExtraDrive]
    /// The delivered package, once the carrier delivered it.
    public var packageArrival: PackageArrival?
    /// Since when operations cannot reach the customer about a wrong or missing return address
    /// (states.md §6, §8); nil when there is no such problem.
    public var returnAddressProblemSince: Instant?
    /// The drives were securely destroyed because the customer could not be reached.
    public var drivesDestroyed: Bool
    /// The return transit delay passed after the drives went back (Preview "Completed", §11).
    public var returnTransitElapsed: Bool
    public var timestamps: JobTimestamps
    public var timers: JobTimers

    public init(scope: JobScope, name: String, type: JobType, location: String, storageAccountId: String,
                createdAt: Instant) {
        self.scope = scope
        self.name = name
        self.type = type
        self.location = location
        self.tags = [:]
        self.storageAccountId = storageAccountId
        self.identity = JobIdentity()
        self.encryptionKey = .microsoftManaged
        self.diagnosticsPath = Job.defaultDiagnosticsPath
        self.logLevel = .error
        self.backupDriveManifest = false
        self.state = .creating
        self.cancelRequested = false
        self.drives = []
        self.extraDrives = []
        self.drivesDestroyed = false
        self.returnTransitElapsed = false
        self.timestamps = JobTimestamps(createdAt: createdAt)
        self.timers = JobTimers()
    }

    /// rest-api.md §2.2: suggested default `diagnosticsPath`.
    public static let defaultDiagnosticsPath = "waimportexport"

    /// The drive with `driveId` (exact match: serial numbers are compared as written).
    public func driveIndex(_ driveId: String) -> Int? { drives.firstIndex(where: { $0.driveId == driveId }) }
}
