/// The structural rules of a drive manifest: breaking any of them fails the whole drive with
/// `ManifestFormatInvalid` ("Manifest file error"), because drive-manifest.md §9 names
/// "well-formed XML matching §1–§4" as one check with that code.
///
/// Structural versus per-blob — the decision, rule by rule:
///
/// | Problem                                                            | Outcome                                  |
/// |--------------------------------------------------------------------|------------------------------------------|
/// | Not well-formed XML, DTD/entity, non-UTF-8, an `XMLLimits` bound   | drive `ManifestFormatInvalid` (`xml`)     |
/// | Root not `DriveManifest`; `Version` missing / not `YYYY-MM-DD`     | drive `ManifestFormatInvalid`             |
/// | Unknown or misplaced element; text where only elements belong      | drive `ManifestFormatInvalid` (§1)        |
/// | Required element missing or single element repeated               | drive `ManifestFormatInvalid` (§1–§2)     |
/// | `DriveId` after a `BlobList`, or empty                             | drive `ManifestFormatInvalid` (§1)        |
/// | Both `StorageAccountKey` and `ContainerSas`; `ContainerSas` malformed | drive `ManifestFormatInvalid` (§8)     |
/// | A credential or list default after the blobs it would govern (ours: grammar order, needed to stream) | drive `ManifestFormatInvalid` |
/// | `Hash` missing / not Base16 MD5; integers; `Id` base64; `Snapshot`; `ImportDisposition` value | drive `ManifestFormatInvalid` (§3, §5) |
/// | `FilePath`/`MetadataPath`/`PropertiesPath` syntax: `..`, `.`, drive letter, UNC/device, empty segment | drive `ManifestFormatInvalid` (§3) |
/// | Block rules (count, size, contiguity, coverage, IDs) and page rules (alignment, order, bounds) | drive `ManifestFormatInvalid` (§4) |
/// | `Length` over the size ceiling (`legacy` / `current`)               | drive `ManifestFormatInvalid` (§2, §8)    |
/// | A blob outside the `ContainerSas` container                        | drive `ManifestFormatInvalid` (§2)        |
/// | The same `BlobPath` twice (ours: §2 maps one blob to one file; the outcome would depend on order and disposition) | drive `ManifestFormatInvalid` |
/// | `FilePath` NTFS cannot hold (forbidden character, device name, trailing dot/space) | blob `FileNameInvalid`      |
/// | `FilePath` component > 255 or path > `maxFilePathLength`           | blob `FileNameTooLong`                    |
/// | `BlobPath` breaking Azure container/blob naming (what `Put Block` would answer 400 to) | blob `BlobRequestFailed` |
/// | `MetadataPath`/`PropertiesPath` NTFS name problem / too long       | metadata/properties `FileNameInvalid` / `FileNameTooLong` → blob `CompletedWithErrors` |
/// | `DriveId` ≠ drive serial (`ManifestHeader.driveIdProblem`)         | drive `ManifestDriveIdMismatch`           |
/// | `manifestFile` path invalid / > 260 (`ManifestFileCheck`)          | drive `ManifestNameInvalid` / `ManifestNameTooLong` |
///
/// Per-blob problems match §9's closing line: they "do not fail the drive"; the drive ends
/// `CompletedWithErrors`.
public enum ManifestRule: String, Sendable, Hashable, CaseIterable {
    /// Not well-formed, a DTD, not UTF-8, or an XML limit: see `ManifestFormatError.xmlKind`.
    case xml
    case rootElement
    case version
    case unexpectedElement
    case unexpectedText
    case repeatedElement
    case missingElement
    /// `DriveId` must precede every `BlobList` (§1).
    case driveIdOrder
    case emptyValue
    /// Two credentials, or one after the first `BlobList`.
    case credentials
    case containerSas
    /// `BlobList/MetadataPath` or `PropertiesPath` after a `Blob` of that list.
    case listDefaultsOrder
    case hash
    case integer
    case missingAttribute
    case importDisposition
    case snapshot
    case pathSyntax
    /// Both `BlockList` and `PageRangeList` in one blob.
    case blobType
    case blockCount
    /// A block or page range of zero bytes or more than 4 MiB.
    case pieceLength
    /// Blocks not contiguous from offset 0 (gap, overlap or order).
    case blockLayout
    /// Blocks not ending exactly at `Length`.
    case blockCoverage
    /// An `Id` that is not base64, empty, or longer than 64 bytes decoded.
    case blockID
    /// `Id` on some blocks only, of different lengths, or repeated.
    case blockIDConsistency
    /// A block blob over 64 MiB without block IDs.
    case blockIDRequired
    case pageAlignment
    /// Page ranges not sorted or overlapping.
    case pageLayout
    /// A page range past `Length`.
    case pageBounds
    /// More page ranges than `ManifestOptions.maxPageRangesPerBlob`.
    case pageRangeCount
    case blobSize
    case duplicateBlobPath
    case outsideSasContainer
}
