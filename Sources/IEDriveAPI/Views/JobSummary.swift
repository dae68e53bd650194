public import IEDriveCore

/// A job in both vocabularies for the daemon's own endpoints and `iedrive jobs list`: name,
/// type, Classic state string and Preview status, percentage, drives.
public struct JobSummary: Sendable, Hashable {
    /// The job's subscription and resource group (nil when read from a daemon that had none).
    public var scope: JobScope?
    public var name: String
    public var type: JobType
    /// `properties.state` as the API spells it (cancelled per the configured spelling).
    public var classicState: String
    public var preview: PreviewJobStatus
    public var percentComplete: Int?
    public var cancelRequested: Bool
    /// The internal Faulted flag's reason (states.md §1), nil when the job runs normally.
    public var faultReason: String?
    public var drives: [DriveSummary]

    public var driveCount: Int { drives.count }

    public init(job: Job, canceledAs spelling: CanceledJobSpelling = .canceled) {
        scope = job.scope
        name = job.name
        type = job.type
        classicState = job.classicState(canceledAs: spelling)
        preview = job.previewStatus
        percentComplete = job.percentComplete
        cancelRequested = job.cancelRequested
        faultReason = job.fault?.reason
        drives = job.drives.map(DriveSummary.init(drive:))
    }

    public init(scope: JobScope? = nil, name: String, type: JobType, classicState: String, preview: PreviewJobStatus,
                percentComplete: Int? = nil, cancelRequested: Bool = false, faultReason: String? = nil,
                drives: [DriveSummary] = []) {
        self.scope = scope
        self.name = name
        self.type = type
        self.classicState = classicState
        self.preview = preview
        self.percentComplete = percentComplete
        self.cancelRequested = cancelRequested
        self.faultReason = faultReason
        self.drives = drives
    }
}
