/// When a job passed each step; nil until it did.
public struct JobTimestamps: Sendable, Hashable, Codable {
    /// `systemData.createdAt`.
    public var createdAt: Instant
    /// `systemData.lastModifiedAt`: the last accepted PUT or PATCH (service-made changes do not
    /// count, as with ARM).
    public var lastModifiedAt: Instant
    /// The last change of `state`.
    public var stateChangedAt: Instant
    /// Entered `Shipping` (J3): the customer's ship declaration.
    public var shippedAt: Instant?
    /// The 14-day in-transit timer fired (J8).
    public var packageOverdueAt: Instant?
    /// Entered `Received` (J7).
    public var receivedAt: Instant?
    /// First entered `Transferring` (J11); the job's percentage exists from here on.
    public var transferStartedAt: Instant?
    /// Entered `Packaging` (J12).
    public var packagingStartedAt: Instant?
    /// Drives handed to the return carrier.
    public var returnShippedAt: Instant?
    /// Entered `Completed`, `Closed` or `Canceled`.
    public var finishedAt: Instant?

    public init(createdAt: Instant) {
        self.createdAt = createdAt
        self.lastModifiedAt = createdAt
        self.stateChangedAt = createdAt
    }
}
