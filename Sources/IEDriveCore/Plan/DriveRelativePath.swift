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

    /// Parses and checks a path; `maxLength` bounds `displayPath` in UTF-16 code units. Syntax
    /// is checked over the whole path before any name, so a path that is both malformed and
    /// badly named is reported as malformed. Works on UTF-8 bytes: it runs once per blob of a
    /// million-blob manifest.
    public static func parse(_ text: String, maxLength: Int = NTFSName.maxPathLength) throws(DriveRelativePathError) -> DriveRelativePath {
        let utf8 = text.utf8
        guard let first = utf8.first else { throw .empty }
        let isSeparator: (UInt8) -> Bool = { $0 == 0x5C || $0 == 0x2F }
        var bodyStart = utf8.startIndex
        if isSeparator(first) {
            bodyStart = utf8.index(after: bodyStart)
            if bodyStart < utf8.endIndex, isSeparator(utf8[bodyStart]) { throw .uncOrDevicePath }
        }
        // `C:\x` and `C:x` name a drive; `\C:\x` can only mean one too, so it gets the same answer.
        if bodyStart < utf8.endIndex, Self.isASCIILetter(utf8[bodyStart]) {
            let next = utf8.index(after: bodyStart)
            if next < utf8.endIndex, utf8[next] == 0x3A { throw .driveLetter }
        }
        var ranges: [Range<String.Index>] = []
        var segmentStart = bodyStart
        var index = bodyStart
        while true {
            let atEnd = index == utf8.endIndex
            if atEnd || isSeparator(utf8[index]) {
                let segment = utf8[segmentStart..<index]
                if segment.isEmpty { throw .emptySegment }
                if segment.count <= 2, segment.allSatisfy({ $0 == 0x2E }) { throw .dotSegment(String(text[segmentStart..<index])) }
                ranges.append(segmentStart..<index)
                if atEnd { break }
                segmentStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        var components: [String] = []
        components.reserveCapacity(ranges.count)
        var length = 0
        for range in ranges {
            let component = String(text[range])
            if let problem = NTFSName.problem(component) { throw .invalidName(component: component, problem) }
            if components.isEmpty, NTFSName.isSystemFile(component) { throw .invalidName(component: component, .systemFile) }
            length += 1 + NTFSName.utf16Length(component)
            components.append(component)
        }
        guard length <= maxLength else { throw .tooLong(length: length, limit: maxLength) }
        return DriveRelativePath(components: components)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }

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
