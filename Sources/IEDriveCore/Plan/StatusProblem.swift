/// A problem reported with one of the drive log's status codes: the code, a message an
/// operator can act on, the manifest element it is about and where that element is.
///
/// Used for per-blob results (`BlobProblem`, drive-logs.md §5.2) and for metadata/properties
/// files (`FileProblem`, metadata-properties.md §4) — problems that do not fail the drive.
public struct StatusProblem<Status: Sendable & Hashable>: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Status
    public var message: String
    /// The element the problem is about (`FilePath`, `BlobPath`, `MetadataPath`, `Content-MD5` …).
    public var element: String
    public var location: DocumentLocation?

    public init(status: Status, message: String, element: String, location: DocumentLocation? = nil) {
        self.status = status
        self.message = message
        self.element = element
        self.location = location
    }

    public var description: String {
        let place = location.map { " at \($0)" } ?? ""
        return "\(status): \(element): \(message)\(place)"
    }
}

public typealias BlobProblem = StatusProblem<BlobStatus>
public typealias FileProblem = StatusProblem<MetadataPropertiesStatus>
