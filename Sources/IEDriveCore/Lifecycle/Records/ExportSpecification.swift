/// An export job's selection as the API carries it (`export`, rest-api.md §2.5): an inline
/// list of blob paths and prefixes, or the path of a blob holding the XML list. The blob-list
/// rules themselves (blob-list.md) are checked by the manifest module.
public struct ExportSpecification: Sendable, Hashable, Codable {
    /// `blobList.blobPath`: `container/blob`.
    public var blobPaths: [String]
    /// `blobList.blobPathPrefix`: starting with `/`.
    public var blobPathPrefixes: [String]
    /// `blobListBlobPath` (2016-11-01 original key: `blobListblobPath`).
    public var blobListBlobPath: String?

    public init(blobPaths: [String] = [], blobPathPrefixes: [String] = [], blobListBlobPath: String? = nil) {
        self.blobPaths = blobPaths
        self.blobPathPrefixes = blobPathPrefixes
        self.blobListBlobPath = blobListBlobPath
    }

    /// Exactly one of a non-empty inline list and a list blob (rest-api.md §3.1 rule 5).
    public var selectsOneWay: Bool {
        let inline = !blobPaths.isEmpty || !blobPathPrefixes.isEmpty
        let blob = !(blobListBlobPath ?? "").isEmpty
        return inline != blob
    }
}
