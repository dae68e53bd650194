/// The knobs of the lifecycle: every timer length of states.md §6 and the policy switches the
/// spec leaves to the project. Defaults are the spec's numbers and suggestions.
public struct LifecycleConfiguration: Sendable, Hashable {
    /// J4: `Creating` this long without reaching `Shipping` → deleted. 14 days.
    public var awaitingShipment: TimeSpan = .days(14)
    /// J8/D4: `Shipping` this long without the package → drives `NeverReceived`. 14 days.
    public var inTransit: TimeSpan = .days(14)
    /// J9: this long after J8 without the customer → `Closed`. 30 days.
    public var customerResponse: TimeSpan = .days(30)
    /// J15: `Completed`/`Closed`/`Canceled` this long → deleted. 90 days.
    public var retention: TimeSpan = .days(90)
    /// Carrier delivery → receiving finished. 1 business day (§6, suggested).
    public var receiptLag: ReceiptLag = .default
    /// Drives shipped back → Preview "Completed". 2 days (§11, suggested).
    public var returnTransit: TimeSpan = .days(2)
    /// Bad return address reported → drives destroyed. 90 days (§6).
    public var unreachableCustomer: TimeSpan = .days(90)
    /// Drives held for a job still `Creating` or unknown → return attempted. 14 days (§7 rule 3).
    public var heldDrivesContact: TimeSpan = .days(14)
    /// Held drives that could not be returned → destroyed. 90 days (§7 rule 3).
    public var heldDrivesDestruction: TimeSpan = .days(90)
    /// Which states accept `cancelRequested: true` (§9).
    public var cancelPolicy: CancelPolicy = .current
    /// How the API spells a cancelled job (§1).
    public var canceledJobSpelling: CanceledJobSpelling = .canceled
    /// Refuse `cancelRequested: false` (400) instead of ignoring it (§9).
    public var strictCancelRequested: Bool = false
    /// Drives per job, import and export (§13).
    public var maxDrivesPerJob: Int = 10
    /// Active (not finished) jobs per subscription; nil = unlimited (§13, suggested default).
    public var activeJobLimit: Int?

    public init() {}
}

/// When a cancel request is accepted (states.md §9).
public enum CancelPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Only while `Creating`; the job becomes `Canceled` at once. Elsewhere 409.
    case current
    /// In `Creating`, `Shipping`, `Received`, `Transferring`: outside `Creating` the flag is set
    /// and the job runs on, skipping drives that have not started copying, and ends `Canceled`.
    case legacy

    func accepts(_ state: JobState) -> Bool {
        switch self {
        case .current: state == .creating
        case .legacy: state == .creating || state == .shipping || state == .received || state == .transferring
        }
    }
}
