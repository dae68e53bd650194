/// How an import disposition was resolved (`ImportDisposition/@Status`, drive-logs.md §5.3).
/// `Renamed`, `Skipped` and `Overwritten` are warnings: they make the drive
/// `CompletedWithWarnings` unless something worse happened.
public enum DispositionStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case created = "Created"
    case renamed = "Renamed"
    case skipped = "Skipped"
    case overwritten = "Overwritten"
    case cancelled = "Cancelled"

    public var isWarning: Bool { self == .renamed || self == .skipped || self == .overwritten }
}
