/// A drive status of the Preview experience (states.md §4): the success path (§4.1) and the
/// fourteen failure statuses (§4.2, `DriveFailureState`).
public enum PreviewDriveStatus: Sendable, Hashable {
    /// "Data copy not started" (Classic `Specified` or `Received`).
    case notStarted
    /// "37% completed" (Classic `Transferring`).
    case inProgress(percent: Int)
    /// "Data copy completed".
    case completed
    /// "Data copy completed with errors".
    case completedWithErrors
    /// "Data copy completed with warnings".
    case completedWithWarnings
    /// One of the failure labels, "Disk not received at datacenter" included.
    case failure(DriveFailureState)

    /// The machine token (§4 "Suggested token").
    public var token: String {
        switch self {
        case .notStarted: "DataCopyNotStarted"
        case .inProgress: "InProgress"
        case .completed: "DataCopyCompleted"
        case .completedWithErrors: "DataCopyCompletedWithErrors"
        case .completedWithWarnings: "DataCopyCompletedWithWarnings"
        case .failure(let failure): failure.rawValue
        }
    }

    /// The exact label; the "%age completed" label is rendered with the number.
    public var label: String {
        switch self {
        case .notStarted: "Data copy not started"
        case .inProgress(let percent): "\(percent)% completed"
        case .completed: "Data copy completed"
        case .completedWithErrors: "Data copy completed with errors"
        case .completedWithWarnings: "Data copy completed with warnings"
        case .failure(let failure): failure.label
        }
    }
}
