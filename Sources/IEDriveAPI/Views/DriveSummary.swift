public import IEDriveCore

/// One drive in both vocabularies, for the daemon's own (non-ARM) endpoints and the CLI's
/// tables: the Classic `state` the API shows and the Preview status (states.md §3, §4), with
/// what an operator needs beyond the API (failure reason, bytes to copy).
public struct DriveSummary: Sendable, Hashable {
    public var driveId: String
    /// Classic `driveList[].state`.
    public var state: DriveState
    /// The Preview status (token and label; `inProgress` carries the percentage).
    public var preview: PreviewDriveStatus
    /// The failure state of a failed drive (`DiskNotReceived` for one that never arrived).
    public var failureState: DriveFailureState?
    /// One sentence for operators; never a key.
    public var failureReason: String?
    public var copyStatus: String?
    public var bytesSucceeded: Int64?
    public var bytesToCopy: Int64?
    public var percentComplete: Int?

    public init(drive: Drive) {
        driveId = drive.driveId
        state = drive.state
        preview = drive.previewStatus
        if case .failure(let failure) = drive.previewStatus { failureState = failure }
        failureReason = drive.failureReason
        copyStatus = drive.copyStatus?.token
        bytesSucceeded = drive.bytesSucceeded
        bytesToCopy = drive.bytesToCopy
        percentComplete = drive.percentComplete
    }

    public init(driveId: String, state: DriveState, preview: PreviewDriveStatus, failureState: DriveFailureState? = nil,
                failureReason: String? = nil, copyStatus: String? = nil, bytesSucceeded: Int64? = nil,
                bytesToCopy: Int64? = nil, percentComplete: Int? = nil) {
        self.driveId = driveId
        self.state = state
        self.preview = preview
        self.failureState = failureState
        self.failureReason = failureReason
        self.copyStatus = copyStatus
        self.bytesSucceeded = bytesSucceeded
        self.bytesToCopy = bytesToCopy
        self.percentComplete = percentComplete
    }
}

extension PreviewDriveStatus {
    /// The status whose token is `token` (the percentage completes `InProgress`); nil for an
    /// unknown token.
    public init?(token: String, percent: Int?) {
        switch token {
        case "DataCopyNotStarted": self = .notStarted
        case "InProgress": self = .inProgress(percent: percent ?? 0)
        case "DataCopyCompleted": self = .completed
        case "DataCopyCompletedWithErrors": self = .completedWithErrors
        case "DataCopyCompletedWithWarnings": self = .completedWithWarnings
        default:
            guard let failure = DriveFailureState(rawValue: token) else { return nil }
            self = .failure(failure)
        }
    }
}
