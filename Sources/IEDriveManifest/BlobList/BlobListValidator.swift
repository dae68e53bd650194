import IEDriveCore

/// Checks an export blob list of any size in bounded memory: the entries and every limit as
/// `BlobListReader` checks them, counting paths and prefixes and, in `BlobListDigestSet`,
/// duplicates. No entry is kept. Memory: the reader's (the chunk being fed, one unfinished
/// token, one entry) plus the digest set (at most 16 MiB, at 3,000,000 entries).
///
/// Most entries take `BlobListQuickCheck`'s shortcut; the others, and every invalid one, go
/// through the same rules as `BlobListReader`'s entries, so both give the same verdict.
///
/// ```swift
/// var validator = BlobListValidator()
/// for chunk in chunks { try validator.feed(chunk) }
/// let summary = try validator.finish()
/// ```
public struct BlobListValidator: Sendable {
    var scanner: BlobListScanner
    var digests: BlobListDigestSet
    var blobPaths = 0
    var prefixes = 0
    var duplicates = 0

    public init(strict: Bool = false, limits: BlobListLimits = .standard) {
        scanner = BlobListScanner(strict: strict, limits: limits)
        digests = BlobListDigestSet(capacity: limits.maxEntries)
    }

    /// Bytes fed so far.
    public var documentBytes: UInt64 { scanner.documentBytes }

    /// Reads a chunk of the list, checking every entry it completes.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(BlobListFormatError) {
        try scanner.feed(chunk)
        try drain()
    }

    public mutating func feed(_ chunk: some Collection<UInt8>) throws(BlobListFormatError) {
        try scanner.feed(chunk)
        try drain()
    }

    /// Ends the list: the summary of a valid one, or why it is invalid.
    public mutating func finish() throws(BlobListFormatError) -> BlobListSummary {
        scanner.finish()
        try drain()
        return BlobListSummary(blobPaths: blobPaths, prefixes: prefixes, duplicates: duplicates,
                               duplicatesExact: digests.isExact, documentBytes: scanner.documentBytes,
                               duplicateSetBytes: digests.memoryBytes)
    }

    /// Validates a list arriving as a sequence of chunks.
    public static func validate<Chunks: Sequence>(chunks: Chunks, strict: Bool = false,
                                                  limits: BlobListLimits = .standard) throws(BlobListFormatError) -> BlobListSummary
        where Chunks.Element: Collection<UInt8> {
        var validator = BlobListValidator(strict: strict, limits: limits)
        for chunk in chunks { try validator.feed(chunk) }
        return try validator.finish()
    }

    private mutating func drain() throws(BlobListFormatError) {
        while let raw = try scanner.next() {
            let digest: UInt64
            do {
                digest = try count(raw)
            } catch {
                throw scanner.reject(raw, error)
            }
            if !digests.insert(digest) { duplicates += 1 }
        }
    }

    /// Counts the entry and returns its digest: by the shortcut when it applies, else through
    /// the full rules (which throw for an invalid entry).
    private mutating func count(_ raw: BlobListScanner.RawEntry) throws(BlobListFormatError) -> UInt64 {
        var text = raw.text
        if raw.isPrefix {
            let quick: UInt64? = text.withUTF8 { bytes in
                BlobListQuickCheck.isPlainValidPrefix(bytes)
                    ? BlobListDigestSet.digest(isPrefix: true, UnsafeRawBufferPointer(bytes), snapshots: nil) : nil
            }
            if let quick {
                prefixes += 1
                return quick
            }
        } else {
            let snapshots = try BlobListEntries.snapshots(of: raw)
            let quick: UInt64? = text.withUTF8 { bytes in
                guard BlobListQuickCheck.isPlainValidPath(bytes) else { return nil }
                let body = bytes.first == 0x2F ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
                return BlobListDigestSet.digest(isPrefix: false, UnsafeRawBufferPointer(body), snapshots: snapshots)
            }
            if let quick {
                blobPaths += 1
                return quick
            }
        }
        let entry = try BlobListEntries.entry(raw)
        switch entry {
        case .path: blobPaths += 1
        case .prefix: prefixes += 1
        }
        return BlobListDigestSet.digest(of: entry)
    }
}

/// What a valid blob list holds.
public struct BlobListSummary: Sendable, Hashable {
    /// `BlobPath` entries (a blob path of `/` counts as a prefix).
    public var blobPaths: Int
    public var prefixes: Int
    /// Entries that repeat an earlier one exactly (PreviewExport's "duplicate blob
    /// paths/prefixes"): same kind, same text code point by code point once a blob path's
    /// leading `/` is dropped, same snapshot choice.
    public var duplicates: Int
    /// False in the (improbable) case described on `BlobListDigestSet`: `duplicates` is then a
    /// lower bound.
    public var duplicatesExact: Bool
    public var documentBytes: UInt64
    /// Memory the duplicate count took.
    public var duplicateSetBytes: Int

    public var entries: Int { blobPaths + prefixes }
}
