import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Positioned writes into one staging file through a Dispatch I/O channel (`.random`), each
/// awaitable. The channel closes the descriptor when done.
final class StagedWriter: @unchecked Sendable {
    private let channel: DispatchIO
    private let queue = DispatchQueue(label: "iedrive.copy.writer")

    init(fd: Int32) {
        channel = DispatchIO(type: .random, fileDescriptor: fd, queue: queue) { _ in Glibc.close(fd) }
    }

    /// Writes `bytes` at `offset`; returns 0 or the errno of the failure.
    func write(_ bytes: PieceBytes, at offset: UInt64) async -> Int32 {
        var data = DispatchData.empty
        for chunk in bytes.chunks {
            chunk.withUnsafeBytes { data.append(DispatchData(bytes: $0)) }
        }
        return await withCheckedContinuation { continuation in
            channel.write(offset: off_t(offset), data: data, queue: queue) { done, remaining, error in
                guard done else { return }   // progress reports come with done == false
                continuation.resume(returning: error != 0 ? error : ((remaining?.isEmpty ?? true) ? 0 : EIO))
            }
        }
    }

    /// Closes the channel after pending writes; the descriptor is closed with it.
    func close() {
        channel.close()
    }
}
