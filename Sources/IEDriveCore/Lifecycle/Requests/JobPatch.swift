/// A PATCH body (`UpdateJobParameters`, rest-api.md §2.10, §3.2) after JSON decoding. Every
/// field is optional; nil means "not in the request".
public struct JobPatch: Sendable, Hashable {
    /// Replaces the whole tag set.
    public var tags: [String: String]?
    /// `true` asks to cancel (states.md §9); `false` is accepted and ignored (refused in strict
    /// mode).
    public var cancelRequested: Bool?
    /// The raw string: `""` means no change; otherwise it must be `Shipping` (any case).
    public var state: String?
    public var returnAddress: ReturnAddress?
    public var returnShipping: ReturnShipping?
    public var deliveryPackage: DeliveryPackage?
    public var logLevel: LogLevel?
    public var backupDriveManifest: Bool?
    /// Replaces the drive list (import jobs in `Creating` only).
    public var drives: [DriveSpecification]?
    /// For `systemData`.
    public var actor: RequestActor?

    public init(tags: [String: String]? = nil, cancelRequested: Bool? = nil, state: String? = nil,
                returnAddress: ReturnAddress? = nil, returnShipping: ReturnShipping? = nil,
                deliveryPackage: DeliveryPackage? = nil, logLevel: LogLevel? = nil,
                backupDriveManifest: Bool? = nil, drives: [DriveSpecification]? = nil, actor: RequestActor? = nil) {
        self.tags = tags
        self.cancelRequested = cancelRequested
        self.state = state
        self.returnAddress = returnAddress
        self.returnShipping = returnShipping
        self.deliveryPackage = deliveryPackage
        self.logLevel = logLevel
        self.backupDriveManifest = backupDriveManifest
        self.drives = drives
        self.actor = actor
    }
}
