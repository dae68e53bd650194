/// How a copy that ran to its end came out (states.md D9, D10), from the drive log's status.
public enum CopyResult: Sendable, Hashable, CaseIterable {
    /// `Completed` → drive `Completed`.
    case clean
    /// `CompletedWithWarnings` → drive `CompletedMoreInfo`.
    case warnings
    /// `CompletedWithErrors` → drive `CompletedMoreInfo`.
    case errors

    /// The result a DriveLog status stands for; nil for a failure status (use the failure path).
    public init?(driveLogStatus status: DriveStatus) {
        switch status {
        case .completed: self = .clean
        case .completedWithWarnings: self = .warnings
        case .completedWithErrors: self = .errors
        default: return nil
        }
    }

    var outcome: DriveOutcome {
        switch self {
        case .clean: .clean
        case .warnings: .warnings
        case .errors: .errors
        }
    }

    var driveState: DriveState { self == .clean ? .completed : .completedMoreInfo }
}
