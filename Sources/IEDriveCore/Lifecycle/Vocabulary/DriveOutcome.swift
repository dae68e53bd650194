/// What a drive's processing came to (states.md §5). The API drive state cannot tell warnings
/// from errors from failure; the job's final state and Preview label need to.
public enum DriveOutcome: Sendable, Hashable, Codable {
    /// Copy not finished (or never started).
    case none
    /// Drive log status `Completed`.
    case clean
    /// Drive log status `CompletedWithWarnings` (import-disposition events only).
    case warnings
    /// Drive log status `CompletedWithErrors`.
    case errors
    /// A drive-level failure, before the copy (D8) or fatal during it.
    case failed(DriveFailureState)
    /// `NeverReceived` and never recovered.
    case notReceived

    /// Counts as an error for the job's final state (states.md §11: errors, failed, notReceived;
    /// warnings alone do not).
    public var isError: Bool {
        switch self {
        case .errors, .failed, .notReceived: true
        case .none, .clean, .warnings: false
        }
    }
}
