/// What to do when the destination blob already exists (drive-manifest.md §5). The manifest
/// spells the values exactly, case-sensitively; an absent element means `rename`.
public enum ImportDisposition: String, Sendable, Hashable, CaseIterable {
    case rename
    case noOverwrite = "no-overwrite"
    case overwrite

    public static let `default` = ImportDisposition.rename

    /// The rename rule of §5, as a pure function of the original name: candidate `n` (n ≥ 2)
    /// is `stem + " (" + n + ")" + ext`, where `ext` starts at the last dot of the **final**
    /// `/`-separated segment (the spec's suggestion for the undocumented directory case, so
    /// `v1.2/readme` → `v1.2/readme (2)`). A name whose final segment starts with its only dot
    /// (`.profile`) has an empty stem: ` (2).profile`, as the algorithm says literally.
    public static func renamedBlobName(_ name: String, attempt n: Int) -> String {
        precondition(n >= 2, "rename candidates start at (2)")
        let segmentStart = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        let dot = name[segmentStart...].lastIndex(of: ".")
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        return "\(stem) (\(n))\(ext)"
    }

    /// Candidates `(2)`, `(3)`, … for `path`, lazily; the caller takes the first one that does
    /// not exist. A candidate that breaks a naming rule (too long) ends the sequence: that is
    /// the log's `RenameFailed`.
    public static func renameCandidates(for path: BlobPath) -> some Sequence<BlobPath> {
        (2...).lazy
            .map { try? path.withName(renamedBlobName(path.name, attempt: $0)) }
            .prefix { $0 != nil }
            .map { $0! }
    }
}
