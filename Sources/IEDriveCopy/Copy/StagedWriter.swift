import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Positioned writes into one staging file, each awaitable: pwrite(2) of the piece's chunks
/// as they are (slices of the reader's frames, not copied) on the writer's own serial queue,
/// so a write held up by writeback throttling blocks that queue, never the Swift concurrency
/// pool. The writer owns the descriptor and closes it after the writes queued before
/// ``close()``.
///
/// (It used a Dispatch I/O channel before, which copied every piece into a DispatchData and
/// again into contiguous buffers for the disk: two more copies of each in-flight piece, the
/// bulk of `import`'s peak memory once writeback slowed the target down.)
final class StagedWriter: @unchecked Sendable {
    private let fd: Int32
    private let queue = DispatchQueue(label: "iedrive.copy.writer")
    private var closed = false   // only on `queue`

    init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        // Queued work holds the writer: nothing is pending here.
        if !closed { Glibc.close(fd) }
    }

    /// Writes `bytes` at `offset`; returns 0 or the errno of the failure.
    func write(_ bytes: PieceBytes, at offset: UInt64) async -> Int32 {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: closed ? EBADF : writeAll(bytes, at: offset))
            }
        }
    }

    /// Closes the descriptor after the writes queued so far.
    func close() {
        queue.async { [self] in
            guard !closed else { return }
            closed = true
            Glibc.close(fd)
        }
    }

    private func writeAll(_ bytes: PieceBytes, at offset: UInt64) -> Int32 {
        var position = off_t(offset)
        for chunk in bytes.chunks {
            let error: Int32 = chunk.withUnsafeBytes { buffer in
                var written = 0
                while written < buffer.count {
                    let count = pwrite(fd, buffer.baseAddress! + written, buffer.count - written, position + off_t(written))
                    if count < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    if count == 0 { return EIO }
                    written += count
                }
                return 0
            }
            if error != 0 { return error }
            position += off_t(chunk.count)
        }
        return 0
    }
}
