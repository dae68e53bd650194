/// A file location relative to the root of the drive's data volume: `FilePath`,
/// `MetadataPath`, `PropertiesPath` and `manifestFile` (drive-manifest.md §3 "Paths").
///
/// Accepted: a leading `\` or none, `\` or `/` as separators. Refused as *syntax* (the path
/// would leave the volume root or name something other than a plain relative file): `..` and
/// `.` segments, empty segments (`a\\b`, trailing separator), drive letters (`C:\x`, `C:x`),
/// UNC and device forms (`\\server\share`, `\\?\C:\x`), and the empty path. Refused as a
/// *name* problem: what NTFS/Win32 cannot hold (`NTFSName`) and over-long paths.
public struct DriveRelativePath: Sendable, Hashable, CustomStringConvertible {
    public let components: [String]

    /// Parses and checks a path; `maxLength` bounds `displayPath` in UTF-16 code units.
    public static func parse(_ text: String, maxLength: Int = NTFSName.maxPathLength) throws(DriveRelativePathError) -> DriveRelativePath {
        guard !text.isEmpty else { throw .empty }
        let scalars = Array(text.unicodeScalars.prefix(3))
        let isSeparator: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "/" }
        if scalars.count >= 2, isSeparator(scalars[0]), isSeparator(scalars[1]) { throw .uncOrDevicePath }
        var body = Substring(text)
        if let first = scalars.first, isSeparator(first) { body = body.dropFirst() }
        // `C:\x` and `C:x` name a drive; `\C:\x` can only mean one too, so it gets the same answer.
        let head = Array(body.unicodeScalars.prefix(2))
        if head.count == 2, head[0].isASCIILetter, head[1] == ":" { throw .driveLetter }
        let parts = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\\" || $0 == "/" })
        for part in parts {
            if part.isEmpty { throw .emptySegment }
            if part == "." || part == ".." { throw .dotSegment(String(part)) }
        }
        let components = parts.map(String.init)
        for component in components {
            if let problem = NTFSName.problem(component) { throw .invalidName(component: component, problem) }
        }
        let path = DriveRelativePath(components: components)
        let length = path.displayPath.utf16.count
        guard length <= maxLength else { throw .tooLong(length: length, limit: maxLength) }
        return path
    }

    private init(components: [String]) {
        self.components = components
    }

    /// Windows form with a leading backslash, as manifests write it: `\s1\harbor\survey.bin`.
    public var displayPath: String { "\\" + components.joined(separator: "\\") }
    /// Relative POSIX form for a mounted volume: `s1/harbor/survey.bin`.
    public var relativePOSIXPath: String { components.joined(separator: "/") }
    public var description: String { displayPath }

    /// This path with `suffix` appended to its last component (`q4.tar` → `q4.tar.properties`,
    /// metadata-properties.md §6).
    public func appendingToLastComponent(_ suffix: String) throws(DriveRelativePathError) -> DriveRelativePath {
        try Self.parse(displayPath + suffix)
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (65...90).contains(value) || (97...122).contains(value) }
}
