import Dispatch
import Synchronization

/// One of the copy's fixed piece buffers (4 MiB, page-aligned, allocated once) with its own
/// serial queue: a mapped piece is read from the device into the buffer, hashed and written
/// on that queue, so up to ``CopyOptions/piecesInFlight`` pieces proceed at once on their
/// own threads (serial queues run on libdispatch's overcommit pool, never on Swift's
/// cooperative one, so a read or write that blocks holds up only its lane). The copy's
/// memory for piece data is these buffers, whatever the file sizes.
final class PieceLane: @unchecked Sendable {
    static let bufferSize = 4 << 20
    static let alignment = 4096

    /// Used only by the work running on ``queue``, one piece at a time.
    let buffer: UnsafeMutableRawBufferPointer
    private let queue: DispatchQueue

    init(index: Int) {
        buffer = .allocate(byteCount: Self.bufferSize, alignment: Self.alignment)
        queue = DispatchQueue(label: "iedrive.copy.lane\(index)")
    }

    deinit { buffer.deallocate() }

    /// Runs `body` with the buffer on the lane's queue; nil when it has not returned within
    /// `timeout` seconds (a device read hung in the kernel: the lane stays busy until the
    /// read returns, and must not be given another piece).
    func run<T: Sendable>(timeout: Double, _ body: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> T) async -> T? {
        await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            queue.async { [self] in once.resume(body(buffer)) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { once.resume(nil) }
        }
    }
}

/// Resumes a continuation with the first value offered; later offers are dropped.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T?, Never>?>

    init(_ continuation: CheckedContinuation<T?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: T?) {
        continuation.withLock { pending in
            pending?.resume(returning: value)
            pending = nil
        }
    }
}
