/// Status of one page range or block (`PageRange/@Status`, `Block/@Status`, drive-logs.md §5.4).
public enum PieceStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case completed = "Completed"
    case committed = "Committed"
    case uncommitted = "Uncommitted"
    case corrupted = "Corrupted"
    case fileUnexpectedEnd = "FileUnexpectedEnd"
    case blobUnexpectedEnd = "BlobUnexpectedEnd"
    case blobRequestFailed = "BlobRequestFailed"
    case ioFailed = "IOFailed"
    case failed = "Failed"
    case cancelled = "Cancelled"
}
