import IEDriveCore

/// Checks an export blob list of any size in bounded memory: the entries and every limit as
/// `BlobListReader` checks them, counting paths and prefixes and, in `BlobListDigestSet`,
/// duplicates. No entry is kept. Memory: the reader's (the chunk being fed, one unfinished
/// token, one entry) plus the digest set (at most 16 MiB, at 3,000,000 entries).
///
/// Most entries take `BlobListQuickCheck`'s shortcut; the others, and every invalid one, go
/// through the same rules as `BlobListReader`'s entries, so both give the same verdict. Past
/// 16,384 entries the checking and counting run on a second core (`BlobListCountingWorker`)
/// while this thread reads the XML; the first problem in document order is the one reported.
///
/// ```swift
/// var validator = BlobListValidator()
/// for chunk in chunks { try validator.feed(chunk) }
/// let summary = try validator.finish()
/// ```
public struct BlobListValidator: Sendable {
    var scanner: BlobListScanner
    /// The counts while the list is read on this thread alone.
    var counter: BlobListCounter
    /// Past `workerThreshold` entries, the counting moves to a worker on another core.
    var worker: BlobListCountingWorker?
    var batch = BlobListCountingWorker.Batch()

    /// Entries counted inline before a worker takes over: a small list never starts one.
    static let workerThreshold = 16_384

    public init(strict: Bool = false, limits: BlobListLimits = .standard) {
        scanner = BlobListScanner(strict: strict, limits: limits)
        counter = BlobListCounter(capacity: limits.maxEntries)
    }

    /// Bytes fed so far.
    public var documentBytes: UInt64 { scanner.documentBytes }

    /// Reads a chunk of the list, checking every entry it completes.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(BlobListFormatError) {
        do {
            try scanner.feed(chunk)
        } catch {
            throw earlierFailure(than: error)
        }
        try drain()
    }

    public mutating func feed(_ chunk: some Collection<UInt8>) throws(BlobListFormatError) {
        do {
            try scanner.feed(chunk)
        } catch {
            throw earlierFailure(than: error)
        }
        try drain()
    }

    /// Ends the list: the summary of a valid one, or why it is invalid.
    public mutating func finish() throws(BlobListFormatError) -> BlobListSummary {
        scanner.finish()
        try drain()
        if let worker {
            if batch.count > 0 { worker.submit(batch) }
            batch = BlobListCountingWorker.Batch()
            self.worker = nil
            switch worker.finish() {
            case .success(let counted): counter = counted
            case .failure(let failure): throw scanner.reject(failure.entry, failure.error)
            }
        }
        return BlobListSummary(blobPaths: counter.blobPaths, prefixes: counter.prefixes, duplicates: counter.duplicates,
                               duplicatesExact: counter.digests.isExact, documentBytes: scanner.documentBytes,
                               duplicateSetBytes: counter.digests.memoryBytes)
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
        do throws(BlobListFormatError) {
            while let raw = try scanner.next() {
                if let worker {
                    batch.append(raw)
                    guard batch.count == BlobListCountingWorker.batchSize else { continue }
                    worker.submit(batch)
                    batch = .reserved()
                    if let failure = worker.firstFailure { throw scanner.reject(failure.entry, failure.error) }
                    continue
                }
                do {
                    try counter.add(raw)
                } catch {
                    throw scanner.reject(raw, error)
                }
                if counter.entries == Self.workerThreshold {
                    worker = BlobListCountingWorker(taking: counter)
                    counter = BlobListCounter(capacity: 1)   // the worker's copy is then the only one
                    batch = .reserved()
                }
            }
        } catch {
            throw earlierFailure(than: error)
        }
    }

    /// The list's first problem: the entries before `error` may still be waiting in the worker,
    /// and an invalid one among them comes first, as it would reading on one thread.
    private mutating func earlierFailure(than error: BlobListFormatError) -> BlobListFormatError {
        guard let worker else { return error }
        if batch.count > 0 { worker.submit(batch) }
        batch = BlobListCountingWorker.Batch()
        self.worker = nil
        switch worker.finish() {
        case .success(let counted):
            counter = counted
            return error
        case .failure(let failure):
            return scanner.reject(failure.entry, failure.error)
        }
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
