/// On disk and on the wire: an object with the case's `name` under `"kind"` and its values
/// under their labels, e.g. `{"kind": "driveStateChanged", "driveId": "WD-1", "from":
/// "Received", "to": "Transferring"}`; states and causes by their API strings / raw values.
/// These names are a stored format (the event history): add new ones, never rename.
extension LifecycleEventKind {
    /// The case's name, as stored and logged: `jobCreated`, `driveStateChanged`, ….
    public var name: String {
        switch self {
        case .jobCreated: "jobCreated"
        case .jobReplaced: "jobReplaced"
        case .jobUpdated: "jobUpdated"
        case .jobStateChanged: "jobStateChanged"
        case .cancelRequested: "cancelRequested"
        case .driveAdded: "driveAdded"
        case .driveStateChanged: "driveStateChanged"
        case .driveProbeStarted: "driveProbeStarted"
        case .packageDelivered: "packageDelivered"
        case .extraDriveArrived: "extraDriveArrived"
        case .extraDriveReturned: "extraDriveReturned"
        case .operationsNotified: "operationsNotified"
        case .faulted: "faulted"
        case .faultCleared: "faultCleared"
        case .returnAddressProblemResolved: "returnAddressProblemResolved"
        case .returnTransitElapsed: "returnTransitElapsed"
        case .drivesDestroyed: "drivesDestroyed"
        case .jobDeleted: "jobDeleted"
        }
    }

    /// The one drive the event is about (a job drive or an extra drive), nil for job-wide events
    /// and for `packageDelivered`, which names several.
    public var driveId: String? {
        switch self {
        case .driveAdded(let id), .driveStateChanged(let id, _, _), .driveProbeStarted(let id),
             .extraDriveArrived(let id), .extraDriveReturned(let id):
            id
        case .jobCreated, .jobReplaced, .jobUpdated, .jobStateChanged, .cancelRequested, .packageDelivered,
             .operationsNotified, .faulted, .faultCleared, .returnAddressProblemResolved, .returnTransitElapsed,
             .drivesDestroyed, .jobDeleted:
            nil
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, driveId, driveIds, from, to, notice, reason, cause
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .kind)
        switch name {
        case "jobCreated": self = .jobCreated
        case "jobReplaced": self = .jobReplaced
        case "jobUpdated": self = .jobUpdated
        case "jobStateChanged":
            self = .jobStateChanged(from: try container.decode(JobState.self, forKey: .from),
                                    to: try container.decode(JobState.self, forKey: .to))
        case "cancelRequested": self = .cancelRequested
        case "driveAdded": self = .driveAdded(driveId: try container.decode(String.self, forKey: .driveId))
        case "driveStateChanged":
            self = .driveStateChanged(driveId: try container.decode(String.self, forKey: .driveId),
                                      from: try container.decode(DriveState.self, forKey: .from),
                                      to: try container.decode(DriveState.self, forKey: .to))
        case "driveProbeStarted": self = .driveProbeStarted(driveId: try container.decode(String.self, forKey: .driveId))
        case "packageDelivered": self = .packageDelivered(driveIds: try container.decode([String].self, forKey: .driveIds))
        case "extraDriveArrived": self = .extraDriveArrived(driveId: try container.decode(String.self, forKey: .driveId))
        case "extraDriveReturned": self = .extraDriveReturned(driveId: try container.decode(String.self, forKey: .driveId))
        case "operationsNotified": self = .operationsNotified(try container.decode(OperationsNotice.self, forKey: .notice))
        case "faulted": self = .faulted(reason: try container.decode(String.self, forKey: .reason))
        case "faultCleared": self = .faultCleared
        case "returnAddressProblemResolved": self = .returnAddressProblemResolved
        case "returnTransitElapsed": self = .returnTransitElapsed
        case "drivesDestroyed": self = .drivesDestroyed
        case "jobDeleted": self = .jobDeleted(try container.decode(JobDeletionCause.self, forKey: .cause))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown lifecycle event kind '\(name)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .kind)
        switch self {
        case .jobCreated, .jobReplaced, .jobUpdated, .cancelRequested, .faultCleared, .returnAddressProblemResolved,
             .returnTransitElapsed, .drivesDestroyed:
            break
        case .jobStateChanged(let from, let to):
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        case .driveAdded(let id), .driveProbeStarted(let id), .extraDriveArrived(let id), .extraDriveReturned(let id):
            try container.encode(id, forKey: .driveId)
        case .driveStateChanged(let id, let from, let to):
            try container.encode(id, forKey: .driveId)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        case .packageDelivered(let ids): try container.encode(ids, forKey: .driveIds)
        case .operationsNotified(let notice): try container.encode(notice, forKey: .notice)
        case .faulted(let reason): try container.encode(reason, forKey: .reason)
        case .jobDeleted(let cause): try container.encode(cause, forKey: .cause)
        }
    }
}
