/// Something that happened to a job, at a simulated instant: what a transition or a timer did.
/// The daemon logs them, notifies operations and records history from them.
public struct LifecycleEvent: Sendable, Hashable, Codable, CustomStringConvertible {
    public var at: Instant
    public var kind: LifecycleEventKind

    public init(at: Instant, _ kind: LifecycleEventKind) {
        self.at = at
        self.kind = kind
    }

    public var description: String { "\(at) \(kind)" }
}

public enum LifecycleEventKind: Sendable, Hashable, Codable {
    case jobCreated
    /// PUT on a job in `Creating`.
    case jobReplaced
    /// An accepted PATCH.
    case jobUpdated
    case jobStateChanged(from: JobState, to: JobState)
    /// Legacy policy: the flag is set and the job runs on (states.md §9).
    case cancelRequested
    /// An export drive checked in and joined `driveList` (D6).
    case driveAdded(driveId: String)
    case driveStateChanged(driveId: String, from: DriveState, to: DriveState)
    /// The pre-copy checks of a `Received` drive began (no state change).
    case driveProbeStarted(driveId: String)
    /// The carrier delivered the package (all drive IDs found in it).
    case packageDelivered(driveIds: [String])
    case extraDriveArrived(driveId: String)
    case extraDriveReturned(driveId: String)
    /// Something operations must act on (states.md §6, §8).
    case operationsNotified(OperationsNotice)
    case faulted(reason: String)
    case faultCleared
    case returnAddressProblemResolved
    /// The drives are back with the customer (Preview "Completed", §11).
    case returnTransitElapsed
    /// The customer could not be reached about the return address for 90 days.
    case drivesDestroyed
    case jobDeleted(JobDeletionCause)
}

/// Why operations are told (states.md §6, §8).
public enum OperationsNotice: String, Sendable, Hashable, CaseIterable, Codable {
    /// J8: 14 days in transit, no package; contact the customer.
    case packageOverdue
    /// The package arrived with none of the job's drives (our decision, see `JobLifecycle`).
    case packageWithoutJobDrives
    /// The return address is wrong or missing; contact the customer.
    case returnAddressProblem
}

/// Why a job disappeared.
public enum JobDeletionCause: String, Sendable, Hashable, CaseIterable, Codable {
    /// DELETE (J5, J16).
    case deleteRequest
    /// 14 days in `Creating` (J4).
    case awaitingShipmentExpired
    /// 90 days after finishing (J15).
    case retentionExpired
}
