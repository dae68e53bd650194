/// The carrier delivered the job's package; receiving finishes after the receipt lag
/// (states.md §6 "Receiving lag", J7).
public struct PackageArrival: Sendable, Hashable, Codable {
    public var deliveredAt: Instant
    /// The job's drives found in the package (import: listed drive IDs; export: every drive).
    public var driveIds: [String]
    /// When receiving finished (J7 evaluated), nil while the lag runs.
    public var receivingFinishedAt: Instant?

    public init(deliveredAt: Instant, driveIds: [String], receivingFinishedAt: Instant? = nil) {
        self.deliveredAt = deliveredAt
        self.driveIds = driveIds
        self.receivingFinishedAt = receivingFinishedAt
    }
}
