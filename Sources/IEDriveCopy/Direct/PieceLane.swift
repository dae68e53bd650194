import Dispatch
import Synchronization

/// One of the copy's fixed piece buffers (page-aligned, allocated once) with its own serial
/// queue: a mapped piece is read from the device into the buffer, hashed and written on that
/// queue, so many pieces proceed at once on their own threads (serial queues run on
/// libdispatch's overcommit pool, never on Swift's cooperative one, so a read or write that
/// blocks holds up only its lane). Large lanes (4 MiB, at most
/// ``CopyOptions/piecesInFlight``) take blocks of large files; small lanes (256 KiB, at most
/// ``CopyOptions/smallPiecesInFlight``) take small files' pieces, of which many must be in
/// flight to keep the disk busy. The copy's memory for piece data is these buffers, whatever
/// the file sizes: 6 × 4 MiB + 24 × 256 KiB by default.
final class PieceLane: @unchecked Sendable {
    static let largeSize = 4 << 20
    static let smallSize = 256 << 10
    static let alignment = 4096

    /// Used only by the work running on ``queue``, one piece at a time.
    let buffer: UnsafeMutableRawBufferPointer
    private let queue: DispatchQueue

    init(index: Int, small: Bool) {
        buffer = .allocate(byteCount: small ? Self.smallSize : Self.largeSize, alignment: Self.alignment)
        queue = DispatchQueue(label: "iedrive.copy.lane\(index)")
    }

    var isSmall: Bool { buffer.count == Self.smallSize }

    /// Whether a piece of `length` bytes goes to a small lane.
    static func isSmall(_ length: UInt32) -> Bool { Int(length) <= smallSize }

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
