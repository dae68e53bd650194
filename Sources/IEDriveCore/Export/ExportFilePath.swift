/// Where an exported blob goes on the drive (blob-list.md §4, drive-manifest.md §2): under
/// the volume root, the container as the first folder, the blob name's `/` as folders —
/// `pictures/bob/wild/desert.jpg` → `\pictures\bob\wild\desert.jpg`.
///
/// A name NTFS cannot hold for Windows (an empty segment from `//` or a trailing `/`, a
/// forbidden character, a reserved device name, a trailing dot or space, a segment over 255
/// UTF-16 units) is not renamed: the blob is reported as `Unsupported data` and the drive
/// goes on (states.md §4.2), so what is on the drive is always the blob's own name.
public struct ExportFilePath: Sendable, Hashable {
    /// The folders and file name, from the root.
    public let components: [String]

    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case emptySegment
        case segment(String, NTFSName.Problem)

        public var description: String {
            switch self {
            case .emptySegment: "the blob name has an empty segment (\"//\" or a trailing \"/\"), which cannot be a folder or file name on NTFS"
            case .segment(let segment, let problem): "\"\(segment)\" cannot be a file name on NTFS: \(ExportFilePath.explain(problem))"
            }
        }
    }

    static func explain(_ problem: NTFSName.Problem) -> String {
        switch problem {
        case .forbiddenCharacter(let scalar): "it holds the character U+\(String(scalar, radix: 16, uppercase: true)), which Windows forbids"
        case .reservedName: "it is a reserved device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9)"
        case .trailingDotOrSpace: "it ends in a dot or a space"
        case .tooLong(let units): "it is \(units) UTF-16 units long (at most 255)"
        case .systemFile: "it is one of NTFS's own metadata files"
        }
    }

    public init(_ path: BlobPath) throws(Problem) {
        var components = [path.container]
        for segment in path.name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty else { throw .emptySegment }
            components.append(String(segment))
        }
        for segment in components {
            if let problem = NTFSName.problem(segment) { throw .segment(segment, problem) }
        }
        self.components = components
    }

    /// `\container\folders\name`, as the manifest's `FilePath` writes it.
    public var windowsPath: String { "\\" + components.joined(separator: "\\") }

    /// The path of a side file beside the blob's file (`name.properties`, `name.metadata`).
    public func sibling(suffix: String) -> [String] {
        var components = components
        components[components.count - 1] += suffix
        return components
    }
}
