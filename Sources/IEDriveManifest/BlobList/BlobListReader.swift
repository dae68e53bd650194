public import IEDriveCore

/// One entry of an export blob list: a `BlobPath` (with its snapshot choice) or a
/// `BlobPathPrefix`. A blob path of exactly `/` or `\` arrives as the prefix `/` (§ table).
public enum BlobListEntry: Sendable, Hashable {
    case path(SelectedBlobPath)
    case prefix(BlobPathPrefix)
}

/// Streaming reader for the export blob-list XML (blob-list.md §1): root `BlobList` holding
/// `BlobPath` and `BlobPathPrefix` elements in any order and number, names case-sensitive.
///
/// Feed the file's bytes in chunks of any size and pull entries; each comes out as its end tag
/// is read, checked against every naming rule (§5), and nothing of it is kept afterwards. What
/// the reader holds: the unread bytes of the chunk plus at most one unfinished token
/// (`XMLLimits.blobList`: 16 KiB of text, 8 KiB of markup), the open-element stack (depth 4)
/// and the entry being read. Every `BlobListLimits` bound is checked as the bytes arrive; the
/// verdict and the entries do not depend on where the chunks are cut.
///
/// ```swift
/// var reader = BlobListReader()
/// for chunk in chunks {
///     try reader.feed(chunk)
///     while let entry = try reader.next() { use(entry) }
/// }
/// reader.finish()
/// while let entry = try reader.next() { use(entry) }   // nil: complete and valid
/// ```
///
/// The first problem fails the whole list (`BlobListFormatError`), even after entries have come
/// out; every later call throws it again.
public struct BlobListReader: Sendable {
    var scanner: BlobListScanner

    /// `strict` makes an `AzureFileList` section invalid (§5 item 10); by default it is skipped.
    public init(strict: Bool = false, limits: BlobListLimits = .standard) {
        scanner = BlobListScanner(strict: strict, limits: limits)
    }

    public var strict: Bool { scanner.strict }
    public var limits: BlobListLimits { scanner.limits }
    /// Bytes fed so far.
    public var documentBytes: UInt64 { scanner.documentBytes }
    /// `BlobPath` and `BlobPathPrefix` entries met so far.
    public var entryCount: Int { scanner.entryCount }
    /// True once `finish()` was called and the whole list was read and found valid.
    public var isComplete: Bool { scanner.isComplete }

    /// Appends bytes of the list. Throws once the document outgrows `limits.maxDocumentBytes`.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(BlobListFormatError) {
        try scanner.feed(chunk)
    }

    /// Marks the end of the list.
    public mutating func finish() {
        scanner.finish()
    }

    /// The next entry; nil when more input is needed, or — after `finish()` — when the list is
    /// complete and valid (`isComplete` is then true).
    public mutating func next() throws(BlobListFormatError) -> BlobListEntry? {
        guard let raw = try scanner.next() else { return nil }
        do {
            return try BlobListEntries.entry(raw)
        } catch {
            throw scanner.reject(raw, error)
        }
    }
}
