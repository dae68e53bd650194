import Foundation

/// The second core for a large blob list: `BlobListValidator` reads the XML on its own thread
/// and hands the entries, in batches, to this worker, which checks and counts them on a serial
/// queue in document order. At most two batches wait, so memory stays bounded whatever the
/// list's size. The first invalid entry stops the counting; later batches are dropped.
final class BlobListCountingWorker: @unchecked Sendable {
    struct Failure: Error {
        var entry: BlobListScanner.RawEntry
        var error: BlobListFormatError
    }

    /// Entries a batch holds.
    static let batchSize = 4_096

    private let queue = DispatchQueue(label: "iedrive.bloblist.counting")
    private let room = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    /// Touched only on `queue` (and read after `finish()` has waited for it).
    private var counter: BlobListCounter
    /// Guarded by `lock`.
    private var failure: Failure?

    init(taking counter: BlobListCounter) {
        self.counter = counter
    }

    /// Entries on their way to the worker: the texts of the common ones (no snapshot
    /// attributes) side by side in one buffer, so that a batch is two allocations made and freed
    /// by the reading thread, not a string per entry freed by the worker (one malloc arena is
    /// shared by the process's threads); the rare entry with attributes travels whole.
    struct Batch: Sendable {
        struct Record: Sendable {
            var start: Int
            var end: Int
            var line: Int
            var column: Int
            var isPrefix: Bool
            var whole: BlobListScanner.RawEntry?
        }

        var bytes: [UInt8] = []
        var records: [Record] = []

        var count: Int { records.count }

        init() {}

        /// An empty batch with room for a full one.
        static func reserved() -> Batch {
            var batch = Batch()
            batch.bytes.reserveCapacity(BlobListCountingWorker.batchSize * 96)
            batch.records.reserveCapacity(BlobListCountingWorker.batchSize)
            return batch
        }

        mutating func append(_ raw: BlobListScanner.RawEntry) {
            guard raw.includeSnapshots == nil, raw.snapshotTime == nil else {
                records.append(Record(start: 0, end: 0, line: raw.line, column: raw.column, isPrefix: raw.isPrefix, whole: raw))
                return
            }
            var text = raw.text
            let start = bytes.count
            text.withUTF8 { bytes.append(contentsOf: $0) }
            records.append(Record(start: start, end: bytes.count, line: raw.line, column: raw.column, isPrefix: raw.isPrefix, whole: nil))
        }

        /// The record's entry as the scanner handed it out.
        func entry(_ record: Record) -> BlobListScanner.RawEntry {
            if let whole = record.whole { return whole }
            return BlobListScanner.RawEntry(isPrefix: record.isPrefix, includeSnapshots: nil, snapshotTime: nil,
                                            text: String(decoding: bytes[record.start..<record.end], as: UTF8.self),
                                            line: record.line, column: record.column)
        }
    }

    /// Queues a batch; waits while two are already waiting.
    func submit(_ batch: Batch) {
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard firstFailure == nil else { return }
            batch.bytes.withUnsafeBufferPointer { bytes in
                for record in batch.records {
                    if record.whole == nil,
                       counter.addPlain(UnsafeBufferPointer(rebasing: bytes[record.start..<record.end]), isPrefix: record.isPrefix) {
                        continue
                    }
                    let raw = batch.entry(record)
                    do throws(BlobListFormatError) {
                        try counter.add(raw)
                    } catch {
                        lock.withLock { failure = Failure(entry: raw, error: error) }
                        return
                    }
                }
            }
        }
    }

    /// The first invalid entry found so far, if any (without waiting).
    var firstFailure: Failure? { lock.withLock { failure } }

    /// Waits for every batch submitted; the counts, or the first invalid entry.
    func finish() -> Result<BlobListCounter, Failure> {
        queue.sync {
            if let failure = firstFailure { return .failure(failure) }
            return .success(counter)
        }
    }
}
