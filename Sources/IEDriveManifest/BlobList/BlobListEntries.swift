import IEDriveCore

/// Turning the text of one `BlobPath` or `BlobPathPrefix` into a selection entry, for the XML
/// file and the inline list alike (blob-list.md §2, §3, §5).
enum BlobListEntries {
    enum Entry {
        case path(SelectedBlobPath)
        case prefix(BlobPathPrefix)
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

    static func prefix(_ text: String) throws(BlobListFormatError) -> Entry {
        do {
            return .prefix(try BlobPathPrefix(text))
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
