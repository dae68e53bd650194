/// Bounds on what the XML reader accepts, so that a hostile or broken document is refused in
/// bounded memory and time instead of exhausting the daemon. Every limit is checked while the
/// bytes arrive, before anything is buffered beyond it; crossing one is an error of kind
/// `.limitExceeded(limit)`.
///
/// Memory held by the reader is at most about `maxMarkupBytes` or `maxTextBytes` (the largest
/// unfinished token) plus the chunk being fed, plus the open-element stack
/// (`maxDepth × maxNameBytes`).
public struct XMLLimits: Sendable, Hashable {
    public enum Limit: String, Sendable, Hashable, CaseIterable {
        case documentBytes, depth, nameBytes, attributes, attributeValueBytes, textBytes, markupBytes
    }

    /// Total bytes of the document, BOM and declaration included.
    public var maxDocumentBytes: UInt64
    /// Deepest element nesting; the root element is depth 1.
    public var maxDepth: Int
    /// Longest element or attribute name, in UTF-8 bytes.
    public var maxNameBytes: Int
    /// Most attributes on one element.
    public var maxAttributes: Int
    /// Longest attribute value as written (before entity decoding), in bytes.
    public var maxAttributeValueBytes: Int
    /// Most character data (text and CDATA, as written) between two tags, in bytes: the cap on
    /// any element's text value.
    public var maxTextBytes: Int
    /// Longest single tag, comment or processing instruction, in bytes.
    public var maxMarkupBytes: Int

    public init(maxDocumentBytes: UInt64, maxDepth: Int, maxNameBytes: Int = 256, maxAttributes: Int = 16,
                maxAttributeValueBytes: Int = 4_096, maxTextBytes: Int = 65_536, maxMarkupBytes: Int = 65_536) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxNameBytes = maxNameBytes
        self.maxAttributes = maxAttributes
        self.maxAttributeValueBytes = maxAttributeValueBytes
        self.maxTextBytes = maxTextBytes
        self.maxMarkupBytes = maxMarkupBytes
    }

    /// Drive manifests: up to 4 GiB (the v1 tool reserves ~3 GB of manifest per 7 TB of data,
    /// drive-manifest.md §7); depth 6 in the format (`DriveManifest/Drive/BlobList/Blob/BlockList/Block`)
    /// plus 2; 64 KiB of text per element (a 1,024-character blob name written entirely as
    /// character references is ~10 KiB; `ClientData` is free text).
    public static let manifest = XMLLimits(maxDocumentBytes: 4 << 30, maxDepth: 8, maxNameBytes: 64,
                                           maxAttributes: 8, maxAttributeValueBytes: 1_024)

    /// Metadata and properties files: 1 MiB (Azure caps metadata at 8 KB; properties are a few
    /// short headers), depth 2 in the format plus 1.
    public static let metadataOrProperties = XMLLimits(maxDocumentBytes: 1 << 20, maxDepth: 3, maxNameBytes: 1_024,
                                                       maxAttributes: 16, maxAttributeValueBytes: 1_024,
                                                       maxTextBytes: 65_536, maxMarkupBytes: 8_192)

    /// Export blob-list files: 256 MiB (a list is one short line per path or prefix), depth 2 in
    /// the format, 3 for an `AzureFileList` that lenient mode skips, plus 1.
    public static let blobList = XMLLimits(maxDocumentBytes: 256 << 20, maxDepth: 4, maxNameBytes: 64,
                                           maxAttributes: 8, maxAttributeValueBytes: 256,
                                           maxTextBytes: 16_384, maxMarkupBytes: 8_192)

    /// DriveLog files read back (round trips, repair): like manifests, depth 4 in the format
    /// (`DriveLog/Blob/BlockList/Block`, `DriveLog/Blob/Metadata/GlobalPath`) plus 4.
    public static let driveLog = XMLLimits(maxDocumentBytes: 4 << 30, maxDepth: 8, maxNameBytes: 64,
                                           maxAttributes: 8, maxAttributeValueBytes: 1_024)
}
