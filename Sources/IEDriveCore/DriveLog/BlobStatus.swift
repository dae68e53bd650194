/// Blob status codes (`Blob/@Status`, drive-logs.md §5.2), spelled exactly. A blob whose
/// disposition produced a warning (renamed, skipped, overwritten) is still `Completed`.
public enum BlobStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case completed = "Completed"
    case completedWithErrors = "CompletedWithErrors"
    case fileNameInvalid = "FileNameInvalid"
    case fileNameTooLong = "FileNameTooLong"
    case fileNotFound = "FileNotFound"
    case fileAccessDenied = "FileAccessDenied"
    case blobRequestFailed = "BlobRequestFailed"
    case blobRequestForbidden = "BlobRequestForbidden"
    case renameFailed = "RenameFailed"
    case blobUnexpectedChange = "BlobUnexpectedChange"
    case leasePresent = "LeasePresent"
    case ioFailed = "IOFailed"
    case failed = "Failed"

    /// The codes that stop a blob (everything except the two `Completed…` roll-ups).
    public var isFatal: Bool { self != .completed && self != .completedWithErrors }
}
