/// A drive's Classic state (`driveList[].state`, the swagger's `DriveState` enum, states.md §3).
/// The raw value is the API string.
///
/// The Preview label depends on the drive's outcome and percentage as well
/// (`PreviewDriveStatus`, `Drive.previewStatus`).
public enum DriveState: String, Sendable, Hashable, CaseIterable, Codable {
    case specified = "Specified"
    case received = "Received"
    case neverReceived = "NeverReceived"
    case transferring = "Transferring"
    case completed = "Completed"
    case completedMoreInfo = "CompletedMoreInfo"
    case shippedBack = "ShippedBack"

    /// The API string.
    public var classic: String { rawValue }

    /// The state whose API string is `text`, case-insensitively.
    public init?(classic text: String) {
        let folded = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = match
    }

    /// `Completed`, `CompletedMoreInfo`, `NeverReceived`, `ShippedBack`: the drive needs no more
    /// processing (the `finished` set of states.md §11).
    public var isFinished: Bool {
        self == .completed || self == .completedMoreInfo || self == .neverReceived || self == .shippedBack
    }
}
