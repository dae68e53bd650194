/// Drives that arrived for a job still `Creating`, for no known job, or at the wrong datacenter
/// (states.md §7 rules 3 and 5, §6 "Drives with no job"): not processed. Operations have 14
/// days to reach the customer; then the drives go back, and drives that cannot be returned are
/// destroyed 90 days later. Modelled as events only, as the spec suggests.
public struct HeldShipment: Sendable, Hashable, Codable {
    public var driveIds: [String]
    public var trackingNumber: String?
    /// The job the package was meant for, if one matches (still `Creating`).
    public var intendedJobName: String?
    public var arrivedAt: Instant
    public var status: HeldShipmentStatus
    /// When the current status's timer fires (contact window, destruction); nil if none runs.
    public var deadline: Instant?

    public init(driveIds: [String], trackingNumber: String?, intendedJobName: String?, arrivedAt: Instant,
                status: HeldShipmentStatus, deadline: Instant?) {
        self.driveIds = driveIds
        self.trackingNumber = trackingNumber
        self.intendedJobName = intendedJobName
        self.arrivedAt = arrivedAt
        self.status = status
        self.deadline = deadline
    }
}

public enum HeldShipmentStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Operations try to reach the customer (14 days).
    case awaitingCustomer
    /// The job reached `Shipping`; the drives went to it as its package.
    case claimed
    /// Nobody answered in time; the drives are to be returned.
    case returnDue
    /// Returned to the sender.
    case returned
    /// The return failed; destroyed when the 90 days are over.
    case returnFailed
    /// Securely destroyed.
    case destroyed
}

/// Something that happened to a held shipment.
public struct HeldShipmentEvent: Sendable, Hashable {
    public var at: Instant
    public var kind: Kind

    public enum Kind: Sendable, Hashable {
        case held
        case claimed(jobName: String)
        case contactWindowExpired
        case returned
        case returnFailed
        case destroyed
    }

    public init(at: Instant, _ kind: Kind) {
        self.at = at
        self.kind = kind
    }
}
