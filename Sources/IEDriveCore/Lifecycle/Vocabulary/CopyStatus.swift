/// The drive's `copyStatus` string (states.md §11.2): absent until the drive is `Transferring`,
/// except a drive that failed its pre-copy checks, which carries the failure token (§11.1).
public enum CopyStatus: Sendable, Hashable {
    case notStarted
    case inProgress
    case completed
    case completedWithWarnings
    case completedWithErrors
    case failed(DriveFailureState)

    /// The API string: `InProgress`, `Completed`, …, or the failure token (§4.2).
    public var token: String {
        switch self {
        case .notStarted: "NotStarted"
        case .inProgress: "InProgress"
        case .completed: "Completed"
        case .completedWithWarnings: "CompletedWithWarnings"
        case .completedWithErrors: "CompletedWithErrors"
        case .failed(let failure): failure.rawValue
        }
    }
}
