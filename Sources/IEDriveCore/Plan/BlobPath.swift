/// A blob address relative to the storage account: container, `/`, blob name
/// (`pictures/bob/wild/desert.jpg`, `$root/logo.bmp`; drive-manifest.md §2 `BlobPath`).
///
/// Only legal paths can be built: `ContainerName` and `BlobName` hold the rules.
public struct BlobPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let container: String
    public let name: String

    public init(container: String, name: String) throws(BlobPathError) {
        guard !container.isEmpty else { throw .missingContainer }
        if let reason = ContainerName.problem(container) {
            throw .invalidContainer(name: container, reason: reason)
        }
        if let problem = BlobName.problem(name, inRoot: container == ContainerName.root) { throw problem }
        self.container = container
        self.name = name
    }

    /// Splits at the first `/`. The manifest form has no leading slash; callers that accept one
    /// (the export blob list, blob-list.md §2) strip it first.
    public static func parse(_ text: String) throws(BlobPathError) -> BlobPath {
        guard let slash = text.utf8.firstIndex(of: 0x2F), slash != text.startIndex else { throw .missingContainer }
        return try BlobPath(container: String(text[..<slash]), name: String(text[text.utf8.index(after: slash)...]))
    }

    public var isInRootContainer: Bool { container == ContainerName.root }

    /// `container/name`, as manifests and logs write it.
    public var text: String { container + "/" + name }
    public var description: String { text }

    /// The same container with another blob name (used for rename candidates).
    public func withName(_ newName: String) throws(BlobPathError) -> BlobPath {
        try BlobPath(container: container, name: newName)
    }

    public static func < (lhs: BlobPath, rhs: BlobPath) -> Bool { lhs.text < rhs.text }
}
