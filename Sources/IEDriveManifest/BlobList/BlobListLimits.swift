/// Bounds on an export blob-list file, checked while its bytes arrive (`BlobListReader`), so
/// that a hostile or runaway list is refused in bounded memory and time. blob-list.md sets no
/// size for the file (only the 32 KB of the inline form); these are ours.
///
/// * The document: `xml` (`XMLLimits.blobList`): 256 MiB, nesting 4, names of 64 bytes, 16 KiB
///   of text per element (a 1,024-character blob name written entirely as character references
///   is ~10 KiB), no DTD and no entity but the five predefined ones.
/// * The entries: at most `maxEntries` `BlobPath` and `BlobPathPrefix` elements together.
///   3,000,000 entries of the average ~89 bytes a line fill the 256 MiB, so the two limits
///   describe the same largest list; a list of long paths meets the byte limit first, one of
///   short paths the entry limit. The duplicate count (`BlobListDigestSet`) is sized for it.
///
/// Past either limit the list is invalid (`BlobListFormatError.Rule.limitExceeded`, naming
/// the limit), at the byte or entry that crosses it.
public struct BlobListLimits: Sendable, Hashable {
    /// Which bound a list crossed.
    public enum Limit: String, Sendable, Hashable, CaseIterable {
        case documentBytes, entries, depth, nameBytes, attributes, attributeValueBytes, textBytes, markupBytes

        init(_ xml: XMLLimits.Limit) {
            switch xml {
            case .documentBytes: self = .documentBytes
            case .depth: self = .depth
            case .nameBytes: self = .nameBytes
            case .attributes: self = .attributes
            case .attributeValueBytes: self = .attributeValueBytes
            case .textBytes: self = .textBytes
            case .markupBytes: self = .markupBytes
            }
        }
    }

    public var xml: XMLLimits
    /// Most `BlobPath` plus `BlobPathPrefix` entries.
    public var maxEntries: Int

    public init(xml: XMLLimits = .blobList, maxEntries: Int = 3_000_000) {
        self.xml = xml
        self.maxEntries = maxEntries
    }

    /// 256 MiB and 3,000,000 entries.
    public static let standard = BlobListLimits()

    public var maxDocumentBytes: UInt64 { xml.maxDocumentBytes }

    /// Refuses a list known to be `bytes` long (a regular file's size) before any of it is read.
    public func checkDocumentSize(_ bytes: UInt64) throws(BlobListFormatError) {
        guard bytes > maxDocumentBytes else { return }
        throw BlobListFormatError(rule: .limitExceeded,
                                  message: "the blob list is \(bytes) bytes; at most \(Self.describe(maxDocumentBytes)) are accepted. "
                                      + Self.splitAdvice,
                                  limit: .documentBytes)
    }

    static let splitAdvice = "Split the selection over several export jobs, or select whole folders with BlobPathPrefix."

    /// `268435456 bytes (256 MiB)`.
    static func describe(_ bytes: UInt64) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes) bytes (\(bytes >> 20) MiB)" : "\(bytes) bytes"
    }
}
