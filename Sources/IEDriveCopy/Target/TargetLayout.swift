import IEDriveCore

/// Names inside a local directory target's root (see `LocalDirectoryTarget` for the picture).
enum TargetLayout {
    static let internalDirectory = [".iedrive"]
    static let stagingDirectory = [".iedrive", "staging"]
    static let dataFile = "data"
    static let recordFile = "meta"
    /// Relative paths handed to one `openat` stay below this many bytes (PATH_MAX is 4096).
    static let pathBudget = 3_072

    /// From the container directory's parent (the root) to the blob's own directory.
    static func components(of path: BlobPath) -> [String] {
        [path.container] + BlobNameEscaping.components(of: path.name)
    }

    /// Consecutive components whose joined length stays within `pathBudget`.
    static func groups(_ components: [String]) -> [[String]] {
        var groups: [[String]] = []
        var group: [String] = []
        var length = 0
        for component in components {
            if !group.isEmpty, length + 1 + component.utf8.count > pathBudget {
                groups.append(group)
                group = []
                length = 0
            }
            length += (group.isEmpty ? 0 : 1) + component.utf8.count
            group.append(component)
        }
        if !group.isEmpty { groups.append(group) }
        return groups
    }
}
