/// The blobs an export job selects (blob-list.md): single blob paths with their snapshot
/// choice, and prefixes. Built by the blob-list parser (XML file) or from the inline JSON
/// `blobList`; both only produce valid entries.
public struct BlobListSelection: Sendable, Hashable {
    public var paths: [SelectedBlobPath]
    public var prefixes: [BlobPathPrefix]

    public init(paths: [SelectedBlobPath], prefixes: [BlobPathPrefix]) {
        self.paths = paths
        self.prefixes = prefixes
    }

    /// Whether a blob (or one of its snapshots, `snapshot` non-nil) is selected. A blob selected
    /// several times is exported once (§4), so this is a yes/no question.
    public func selects(_ path: BlobPath, snapshot: SnapshotTime? = nil) -> Bool {
        if prefixes.contains(where: { $0.matches(path) }) { return true }
        return paths.contains { $0.path == path && $0.snapshots.includes(snapshot) }
    }

    /// Entries that repeat an earlier one exactly (PreviewExport's "duplicate blob paths/prefixes").
    public var duplicateCount: Int {
        (paths.count - Set(paths).count) + (prefixes.count - Set(prefixes).count)
    }
}

/// One `BlobPath` entry (§2).
public struct SelectedBlobPath: Sendable, Hashable {
    public var path: BlobPath
    public var snapshots: SnapshotSelection

    public init(path: BlobPath, snapshots: SnapshotSelection = .baseAndSnapshots) {
        self.path = path
        self.snapshots = snapshots
    }
}

/// Which versions a blob-path entry selects (§2 "Snapshots").
public enum SnapshotSelection: Sendable, Hashable {
    /// No attribute or `IncludeSnapshots="true"`: the blob and all its snapshots.
    case baseAndSnapshots
    /// `IncludeSnapshots="false"`.
    case baseOnly
    /// `SnapshotTime="…"`: that snapshot only.
    case only(SnapshotTime)

    /// Whether the base blob (`nil`) or the given snapshot is included.
    public func includes(_ snapshot: SnapshotTime?) -> Bool {
        switch self {
        case .baseAndSnapshots: true
        case .baseOnly: snapshot == nil
        case .only(let time): snapshot == time
        }
    }
}
