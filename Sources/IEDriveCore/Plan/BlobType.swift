/// Block or page blob: a `BlockList` makes a block blob, a `PageRangeList` a page blob
/// (drive-manifest.md §2). Append blobs only appear on export sources and are written to
/// drives like block blobs (blob-list.md §4).
public enum BlobType: String, Sendable, Hashable, CaseIterable {
    case block = "BlockBlob"
    case page = "PageBlob"

    /// The manifest and drive-log element that lists the pieces.
    public var listElement: String { self == .block ? "BlockList" : "PageRangeList" }
    public var pieceElement: String { self == .block ? "Block" : "PageRange" }
}
