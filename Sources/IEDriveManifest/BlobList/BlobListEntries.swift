import IEDriveCore

/// Turning the text of one `BlobPath` or `BlobPathPrefix` into a selection entry, for the XML
/// file and the inline list alike (blob-list.md §2, §3, §5).
enum BlobListEntries {
    typealias Entry = BlobListEntry

    /// A scanned `BlobPath` or `BlobPathPrefix` element as an entry, or why it is invalid.
    static func entry(_ raw: BlobListScanner.RawEntry) throws(BlobListFormatError) -> Entry {
        if raw.isPrefix { return try prefix(raw.text) }
        return try path(raw.text, snapshots: try snapshots(of: raw))
    }

    static func snapshots(of raw: BlobListScanner.RawEntry) throws(BlobListFormatError) -> SnapshotSelection {
        if raw.includeSnapshots == nil, raw.snapshotTime == nil { return .baseAndSnapshots }
        return try snapshots(includeSnapshots: raw.includeSnapshots, snapshotTime: raw.snapshotTime, entry: raw.text)
    }

    /// A blob path: one leading `/` is stripped (the Data Box form); exactly `/` or `\` is the
    /// "everything" prefix (the CLI and PowerShell tutorials' spelling, blob-list.md table).
    static func path(_ text: String, snapshots: SnapshotSelection) throws(BlobListFormatError) -> Entry {
        if text == "/" || text == "\\" { return .prefix(.everything) }
        let body = text.hasPrefix("/") ? String(text.dropFirst()) : text
        do {
            return .path(SelectedBlobPath(path: try BlobPath.parse(body), snapshots: snapshots))
        } catch {
            let rule: BlobListFormatError.Rule
            switch error {
            case .missingContainer: rule = body.hasPrefix("/") ? .rootContainerNotNamed : .missingContainer
            case .invalidContainer: rule = .invalidContainer
            case .nameTooLong: rule = .nameTooLong
            default: rule = .invalidBlobName
            }
            throw BlobListFormatError(rule: rule, message: "blob path: \(error)", entry: text)
        }
    }

    /// A blob path prefix: the checks of `BlobPathPrefix` (leading `/`, container part, length),
    /// then the blob-name part under the same rules as a blob path's name (`prefixNameProblem`).
    static func prefix(_ text: String) throws(BlobListFormatError) -> Entry {
        let prefix: BlobPathPrefix
        do {
            prefix = try BlobPathPrefix(text)
        } catch {
            let rule: BlobListFormatError.Rule
            switch error {
            case .missingLeadingSlash: rule = .prefixWithoutSlash
            case .emptyContainer: rule = .rootContainerNotNamed
            case .invalidContainer: rule = .invalidContainer
            case .nameTooLong: rule = .nameTooLong
            }
            throw BlobListFormatError(rule: rule, message: "blob path prefix: \(error)", entry: text)
        }
        let rest = text.utf8.dropFirst()
        if let slash = rest.firstIndex(of: 0x2F) {
            let container = Substring(text.utf8[rest.startIndex..<slash])
            let name = Substring(text.utf8[text.utf8.index(after: slash)...])
            if let problem = prefixNameProblem(name, inRoot: container == ContainerName.root) {
                let rule: BlobListFormatError.Rule
                if case .nameTooLong = problem { rule = .nameTooLong } else { rule = .invalidBlobName }
                throw BlobListFormatError(rule: rule, message: "blob path prefix: \(problem)", entry: text)
            }
        }
        return .prefix(prefix)
    }

    /// The blob-name rules (`BlobName`) applied to the name part of a prefix, the part after the
    /// container and its `/`: whatever a blob path's name may not contain, a prefix may not
    /// either — control and non-characters, more than 1,024 characters or 254 segments, a `/`
    /// in a `$root` name, and a `.` or `..` segment. Only the rules about how a whole name
    /// *ends* do not apply, since a prefix is the start of names: it may be empty (`/logs/`)
    /// and end in `/` or `.` (`/logs/2022-01/`, `/logs/app.`).
    ///
    /// The last segment is judged as written: `/logs/..` and `/logs/.` are dot segments and
    /// refused, as in a blob path, although names such as `..x` or `.profile` start with them
    /// (URL clients collapse a trailing `..` too, RFC 3986 §5.2.4); `/logs/..x` and `/logs/.p`
    /// are fine.
    static func prefixNameProblem(_ name: Substring, inRoot: Bool) -> BlobPathError? {
        guard !name.isEmpty else { return nil }
        var segments = 1
        var segmentLength = 0
        var segmentDots = 0
        var dotSegment = false
        for byte in name.utf8 {
            if byte == 0x2F {
                if segmentLength > 0, segmentLength == segmentDots, segmentLength <= 2 { dotSegment = true }
                segments += 1
                segmentLength = 0
                segmentDots = 0
                continue
            }
            segmentLength += 1
            if byte == 0x2E { segmentDots += 1 }
        }
        if segmentLength > 0, segmentLength == segmentDots, segmentLength <= 2 { dotSegment = true }
        // BlobName checks length, characters and `$root`'s slash before the end of the name; a
        // report about the end is no problem for a prefix, and the segment rules are checked here.
        switch BlobName.problem(String(name), inRoot: inRoot) {
        case nil, .emptyName?, .trailingDotOrSlash?: break
        case let problem?: return problem
        }
        if segments > BlobName.maxSegments { return .tooManySegments(segments) }
        if dotSegment { return .dotSegment }
        return nil
    }

    /// `IncludeSnapshots` (`true`/`false`, default true) and `SnapshotTime`; both at once is
    /// invalid (§2, suggested).
    static func snapshots(includeSnapshots: String?, snapshotTime: String?, entry: String) throws(BlobListFormatError) -> SnapshotSelection {
        switch (includeSnapshots, snapshotTime) {
        case (nil, nil): return .baseAndSnapshots
        case (.some, .some):
            throw BlobListFormatError(rule: .snapshotAttributes, message: "IncludeSnapshots and SnapshotTime cannot both be given", entry: entry)
        case (let include?, nil):
            switch include {
            case "true": return .baseAndSnapshots
            case "false": return .baseOnly
            default:
                throw BlobListFormatError(rule: .snapshotAttributes, message: "IncludeSnapshots must be 'true' or 'false', not '\(include)'",
                                          entry: entry)
            }
        case (nil, let time?):
            guard let snapshot = SnapshotTime(time) else {
                throw BlobListFormatError(rule: .snapshotAttributes, message: "SnapshotTime '\(time)' is not a snapshot time", entry: entry)
            }
            return .only(snapshot)
        }
    }

    static func selection(_ entries: [Entry]) throws(BlobListFormatError) -> BlobListSelection {
        guard !entries.isEmpty else {
            throw BlobListFormatError(rule: .empty, message: "the blob list selects nothing; it cannot be empty")
        }
        var paths: [SelectedBlobPath] = []
        var prefixes: [BlobPathPrefix] = []
        for entry in entries {
            switch entry {
            case .path(let path): paths.append(path)
            case .prefix(let prefix): prefixes.append(prefix)
            }
        }
        return BlobListSelection(paths: paths, prefixes: prefixes)
    }
}
