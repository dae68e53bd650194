/// Why a drive-relative path was refused. `isSyntax` separates the cases the spec calls a
/// malformed manifest (drive-manifest.md §3: `..` and drive letters → `ManifestFormatInvalid`)
/// from names the file system cannot hold, which are reported per blob or per file
/// (`FileNameInvalid`, `FileNameTooLong`; drive-logs.md §5.2, metadata-properties.md §4).
public enum DriveRelativePathError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case driveLetter
    case uncOrDevicePath
    case emptySegment
    case dotSegment(String)
    case invalidName(component: String, NTFSName.Problem)
    case tooLong(length: Int, limit: Int)

    /// True for the forms that try to leave (or do not describe a file under) the volume root.
    public var isSyntax: Bool {
        switch self {
        case .empty, .driveLetter, .uncOrDevicePath, .emptySegment, .dotSegment: true
        case .invalidName, .tooLong: false
        }
    }

    /// True when the path or one of its components is too long (`FileNameTooLong`).
    public var isLength: Bool {
        switch self {
        case .tooLong: true
        case .invalidName(_, .tooLong): true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .empty: "the path is empty"
        case .driveLetter: "the path starts with a drive letter; paths are relative to the drive root"
        case .uncOrDevicePath: "the path is a UNC or device path (starts with two separators)"
        case .emptySegment: "the path has an empty segment (two separators in a row, or a trailing separator)"
        case .dotSegment(let segment): "the path has a '\(segment)' segment"
        case .invalidName(let component, let problem):
            switch problem {
            case .forbiddenCharacter(let value):
                "'\(component)' contains U+\(String(value, radix: 16, uppercase: true)), which NTFS file names cannot hold"
            case .reservedName: "'\(component)' is a reserved Windows device name"
            case .trailingDotOrSpace: "'\(component)' ends with a dot or a space"
            case .tooLong(let length): "'\(component)' has \(length) characters; NTFS allows \(NTFSName.maxComponentLength)"
            case .systemFile: "'\(component)' is an NTFS metadata file, not customer data"
            }
        case .tooLong(let length, let limit): "the path has \(length) characters; at most \(limit) are allowed"
        }
    }
}
