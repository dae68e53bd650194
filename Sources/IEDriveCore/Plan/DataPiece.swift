/// One block or page range of a blob: where its bytes lie in the file (and the blob), how many
/// there are, their MD5 and, for blocks, the block ID (drive-manifest.md §1–§4).
public struct DataPiece: Sendable, Hashable {
    public var offset: UInt64
    /// At most 4 MiB (`PieceRules.maxPieceLength`), so 32 bits suffice.
    public var length: UInt32
    public var md5: MD5Digest
    public var blockID: BlockID?

    public init(offset: UInt64, length: UInt32, md5: MD5Digest, blockID: BlockID? = nil) {
        self.offset = offset
        self.length = length
        self.md5 = md5
        self.blockID = blockID
    }

    /// First byte after the piece.
    public var end: UInt64 { offset + UInt64(length) }
}

/// The numbers of drive-manifest.md §4 and README "Key numbers".
public enum PieceRules {
    /// Largest block or page range: 4 MiB.
    public static let maxPieceLength: UInt64 = 4_194_304
    /// Most blocks in one block blob.
    public static let maxBlocks = 50_000
    /// Page alignment of offsets, lengths and page-blob lengths.
    public static let pageSize: UInt64 = 512
    /// Above this length (64 MiB) every block needs an `Id`; at or below it, IDs are all-or-none.
    public static let blockIDRequiredAbove: UInt64 = 64 * 1_048_576
}
