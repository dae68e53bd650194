/// A PUT body (`PutJobParameters`, rest-api.md §2.10, §3.1) after JSON decoding: what the
/// client may set. Read-only fields are not here; the API layer drops them.
public struct JobCreation: Sendable, Hashable {
    /// The subscription and resource group of the PUT's path.
    public var scope: JobScope
    public var name: String
    public var type: JobType
    public var location: String
    public var tags: [String: String]
    public var storageAccountId: String
    public var returnAddress: ReturnAddress?
    public var returnShipping: ReturnShipping?
    /// Stored as given; when nil the API layer fills it from the location.
    public var shippingInformation: ShippingInformation?
    public var deliveryPackage: DeliveryPackage?
    /// Nil → `waimportexport`.
    public var diagnosticsPath: String?
    /// Nil → `Error`.
    public var logLevel: LogLevel?
    /// Nil → false.
    public var backupDriveManifest: Bool?
    /// Import: 1–10 drives. Export: empty.
    public var drives: [DriveSpecification]
    /// Export: required. Import: must be nil.
    public var export: ExportSpecification?
    /// Nil → Microsoft-managed.
    public var encryptionKey: EncryptionKeyDetails?
    /// Nil → `None`.
    public var identity: JobIdentity?
    /// For `systemData`.
    public var actor: RequestActor?

    public init(scope: JobScope, name: String, type: JobType, location: String, storageAccountId: String,
                tags: [String: String] = [:], returnAddress: ReturnAddress? = nil,
                returnShipping: ReturnShipping? = nil, shippingInformation: ShippingInformation? = nil,
                deliveryPackage: DeliveryPackage? = nil, diagnosticsPath: String? = nil, logLevel: LogLevel? = nil,
                backupDriveManifest: Bool? = nil, drives: [DriveSpecification] = [],
                export: ExportSpecification? = nil, encryptionKey: EncryptionKeyDetails? = nil,
                identity: JobIdentity? = nil, actor: RequestActor? = nil) {
        self.scope = scope
        self.name = name
        self.type = type
        self.location = location
        self.storageAccountId = storageAccountId
        self.tags = tags
        self.returnAddress = returnAddress
        self.returnShipping = returnShipping
        self.shippingInformation = shippingInformation
        self.deliveryPackage = deliveryPackage
        self.diagnosticsPath = diagnosticsPath
        self.logLevel = logLevel
        self.backupDriveManifest = backupDriveManifest
        self.drives = drives
        self.export = export
        self.encryptionKey = encryptionKey
        self.identity = identity
        self.actor = actor
    }
}
