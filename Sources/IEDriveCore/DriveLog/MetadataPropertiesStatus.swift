/// Status of a blob's metadata or properties (`Metadata/@Status`, `Properties/@Status`;
/// drive-logs.md §5.5, meanings in metadata-properties.md §4). One list serves both.
public enum MetadataPropertiesStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case completed = "Completed"
    case fileNameInvalid = "FileNameInvalid"
    case fileNameTooLong = "FileNameTooLong"
    case fileNotFound = "FileNotFound"
    case fileAccessDenied = "FileAccessDenied"
    case corrupted = "Corrupted"
    case xmlReadFailed = "XmlReadFailed"
    case xmlWriteFailed = "XmlWriteFailed"
    case blobRequestFailed = "BlobRequestFailed"
    case ioFailed = "IOFailed"
    case failed = "Failed"
    case cancelled = "Cancelled"
}
