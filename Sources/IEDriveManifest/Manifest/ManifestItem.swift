public import IEDriveCore

/// What the streaming validator hands out, in document order: the header once (at the first
/// `BlobList`, or at `</Drive>` when there is none), then each blob as soon as its `</Blob>`
/// closes.
///
/// Items are provisional until `finish` returns: a structural error later in the file still
/// fails the whole manifest, and the caller must then discard what it planned.
public enum ManifestItem: Sendable, Hashable {
    case header(ManifestHeader)
    case blob(ManifestBlob)
}

/// What `finish` reports about a valid manifest.
public struct ManifestSummary: Sendable, Hashable {
    /// Final header (`ClientCreator` may have followed the blob lists).
    public var header: ManifestHeader
    public var blobListCount: Int
    public var blobCount: Int
    /// Blobs carrying a per-blob problem, and blobs with a metadata/properties file problem.
    public var blobsWithProblems: Int
    public var fileReferenceProblems: Int
    /// Sum of blob lengths.
    public var totalBlobBytes: UInt64
    /// Sum of the lengths of every block and page range: the bytes a copy reads (a page
    /// blob's holes are not among them).
    public var totalPieceBytes: UInt64
    /// Document size and the memory the duplicate-path set held at the end.
    public var documentBytes: UInt64
    public var duplicateSetBytes: Int
}

/// A whole manifest in memory, for small manifests and tests.
public struct ValidatedManifest: Sendable, Hashable {
    public var summary: ManifestSummary
    public var blobs: [ManifestBlob]

    public var header: ManifestHeader { summary.header }
}
