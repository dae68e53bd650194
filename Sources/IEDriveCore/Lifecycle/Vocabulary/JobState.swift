/// A job's Classic state (`properties.state`, states.md §1). The raw value is the API string.
///
/// The Preview experience shows a label derived from this state *and* the drives
/// (`Job.previewStatus`, states.md §11); `preview` here is only the state's resting label
/// (§2.2).
public enum JobState: String, Sendable, Hashable, CaseIterable, Codable {
    case creating = "Creating"
    case shipping = "Shipping"
    case received = "Received"
    case transferring = "Transferring"
    case packaging = "Packaging"
    case completed = "Completed"
    case closed = "Closed"
    /// Shown by the Classic portal; the API spelling is undocumented (§1). Emitted as
    /// `Canceled` unless configured as `Completed` (`classic(canceledAs:)`).
    case canceled = "Canceled"

    /// The API string with the default spelling of a cancelled job (`Canceled`).
    public var classic: String { rawValue }

    /// The API string, with a cancelled job spelled as configured (§1, "Canceled" row).
    public func classic(canceledAs spelling: CanceledJobSpelling) -> String {
        self == .canceled ? spelling.rawValue : rawValue
    }

    /// The state whose API string is `text`, case-insensitively.
    public init?(classic text: String) {
        let folded = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = match
    }

    /// The Preview status this state shows when nothing else decides (states.md §2.2):
    /// `Closed` has no Preview label and shows "Shipped to customer" (§2.1, errors row).
    public var preview: PreviewJobStatus {
        switch self {
        case .creating: .awaitingShipmentInformation
        case .shipping: .shipped
        case .received: .received
        case .transferring: .dataCopyInProgress
        case .packaging: .preparingToShip
        case .completed: .completed
        case .closed: .shippedToCustomer
        case .canceled: .canceled
        }
    }

    /// `Completed`, `Closed`, `Canceled`: only the retention timer and DELETE move the job on.
    public var isTerminal: Bool { self == .completed || self == .closed || self == .canceled }

    /// DELETE is allowed in `Creating`, `Completed`, `Closed`, `Canceled` (states.md §10).
    public var allowsDelete: Bool { self == .creating || isTerminal }

    /// Before `Packaging`: return address, return shipping, log level and manifest backup may
    /// still change (states.md §12).
    public var isBeforePackaging: Bool {
        self == .creating || self == .shipping || self == .received || self == .transferring
    }
}

/// How the API spells a cancelled job (states.md §1): the portal's `Canceled` (default), or
/// `Completed` as the 2017 text has cancelled jobs move to Completed.
public enum CanceledJobSpelling: String, Sendable, Hashable, CaseIterable, Codable {
    case canceled = "Canceled"
    case completed = "Completed"
}
