public import IEDriveCore

/// Knobs of manifest validation, with the spec's defaults.
public struct ManifestOptions: Sendable, Hashable {
    /// Blob size ceilings (drive-manifest.md §8 `limits: legacy | current`, default `current`).
    public var sizeLimits: BlobSizeLimits
    /// XML bounds (default `XMLLimits.manifest`, 4 GiB).
    public var xml: XMLLimits
    /// Longest `FilePath`, in UTF-16 code units; longer → blob `FileNameTooLong`. Default: the
    /// NTFS limit, because export paths mirror blob names of up to 1,024 characters.
    public var maxFilePathLength: Int
    /// Most page ranges in one page blob. The spec sets no count ("any number of ranges"); this
    /// bounds the memory one blob may hold (about 48 bytes per range). Default 2,097,152: an
    /// 8 TiB page blob described in full 4 MiB ranges.
    public var maxPageRangesPerBlob: Int
    /// Refuse a repeated `BlobPath` (costs memory per blob, see `BlobPathSet`).
    public var detectDuplicateBlobPaths: Bool

    public init(sizeLimits: BlobSizeLimits = .current, xml: XMLLimits = .manifest,
                maxFilePathLength: Int = NTFSName.maxPathLength, maxPageRangesPerBlob: Int = 2_097_152,
                detectDuplicateBlobPaths: Bool = true) {
        self.sizeLimits = sizeLimits
        self.xml = xml
        self.maxFilePathLength = maxFilePathLength
        self.maxPageRangesPerBlob = maxPageRangesPerBlob
        self.detectDuplicateBlobPaths = detectDuplicateBlobPaths
    }
}
