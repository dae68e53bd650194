/// A job status of the Preview experience (states.md §2): the exact display label, the
/// suggested machine token, and the closest Data Box `StageName` (the spec's inference).
public enum PreviewJobStatus: String, Sendable, Hashable, CaseIterable, Codable, TokenAndLabel {
    case awaitingShipmentInformation = "AwaitingShipmentInformation"
    case shipped = "Shipped"
    case received = "Received"
    case dataCopyInProgress = "DataCopyInProgress"
    case dataCopyCompletedWithErrors = "DataCopyCompletedWithErrors"
    case dataCopyCompletedWithWarnings = "DataCopyCompletedWithWarnings"
    case dataCopyFailed = "DataCopyFailed"
    case preparingToShip = "PreparingToShip"
    case shippedToCustomer = "ShippedToCustomer"
    case completed = "Completed"
    case canceled = "Canceled"

    /// The machine token (§2 "Suggested token").
    public var token: String { rawValue }

    /// The exact label the portal shows.
    public var label: String {
        switch self {
        case .awaitingShipmentInformation: "Awaiting shipment information"
        case .shipped: "Shipped"
        case .received: "Received"
        case .dataCopyInProgress: "Data copy in progress"
        case .dataCopyCompletedWithErrors: "Data copy completed with errors"
        case .dataCopyCompletedWithWarnings: "Data copy completed with warnings"
        case .dataCopyFailed: "Data copy failed"
        case .preparingToShip: "Preparing to ship"
        case .shippedToCustomer: "Shipped to customer"
        case .completed: "Completed"
        case .canceled: "Canceled"
        }
    }

    /// The closest `Microsoft.DataBox` `StageName` (§2; note `Cancelled` with two l's).
    public var dataBoxStageName: String {
        switch self {
        case .awaitingShipmentInformation: "AwaitingShipmentDetails"
        case .shipped: "ShippedToAzureDC"
        case .received: "AtAzureDC"
        case .dataCopyInProgress: "DataCopy"
        case .dataCopyCompletedWithErrors: "CompletedWithErrors"
        case .dataCopyCompletedWithWarnings: "CompletedWithWarnings"
        case .dataCopyFailed: "Failed_IssueDetectedAtAzureDC"
        case .preparingToShip: "PreparingToShipFromAzureDC"
        case .shippedToCustomer: "ShippedToCustomer"
        case .completed: "Completed"
        case .canceled: "Cancelled"
        }
    }
}
