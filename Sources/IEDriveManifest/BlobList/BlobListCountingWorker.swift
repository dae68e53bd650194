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

    /// Queues a batch; waits while two are already waiting.
    func submit(_ batch: [BlobListScanner.RawEntry]) {
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard firstFailure == nil else { return }
            for raw in batch {
                do throws(BlobListFormatError) {
                    try counter.add(raw)
                } catch {
                    lock.withLock { failure = Failure(entry: raw, error: error) }
                    return
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
