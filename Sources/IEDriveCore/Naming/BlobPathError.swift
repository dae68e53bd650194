/// Why a text is not a usable `container/blob-name` (see `ContainerName` and `BlobName` for
/// the rules and where they come from).
public enum BlobPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `/` after the container, or an empty first segment (blob-list.md §5 item 6).
    case missingContainer
    case invalidContainer(name: String, reason: String)
    case emptyName
    /// Length in UTF-16 code units.
    case nameTooLong(Int)
    case tooManySegments(Int)
    /// The offending code point.
    case forbiddenCharacter(UInt32)
    case trailingDotOrSlash
    case dotSegment
    case slashInRootBlobName

    public var description: String {
        switch self {
        case .missingContainer: "the blob path does not start with a container name and '/'"
        case .invalidContainer(_, let reason): reason
        case .emptyName: "the blob name is empty"
        case .nameTooLong(let length): "the blob name has \(length) characters; at most \(BlobName.maxLength) are allowed"
        case .tooManySegments(let count): "the blob name has \(count) path segments; at most \(BlobName.maxSegments) are allowed"
        case .forbiddenCharacter(let value):
            "the blob name contains U+\(String(value, radix: 16, uppercase: true)), which Azure does not allow in blob names"
        case .trailingDotOrSlash: "the blob name ends with '.', '/' or '\\'"
        case .dotSegment: "the blob name has a '.' or '..' segment"
        case .slashInRootBlobName: "a blob in the root container ($root) cannot contain '/'"
        }
    }
}
