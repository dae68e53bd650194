import Dispatch
import IEDriveCore
import Synchronization
import IEDriveSystem

/// The local directory's ``StagedBlob``: positioned writes into one staging file. Opens the
/// file at its first write (on the lane or queue doing it, so the many creates of a drive of
/// small files run in parallel, off the engine's task) and owns its descriptors, closed when
/// the last holder lets go (the engine, once the blob's pieces settled; a queued write; a lane
/// still blocked in a hung drive read), so no write can reach a descriptor number that was
/// closed and reused.
///
/// Two ways in:
/// - ``write(_:at:md5:)``, awaitable, for pieces that came through the reader (BitLocker): pwrite(2)
///   of the piece's chunks as they are (slices of the reader's frames, not copied) on the
///   writer's own serial queue, so a write held up by writeback throttling blocks that queue,
///   never the Swift concurrency pool. (A Dispatch I/O channel did this before; it copied each
///   piece into a DispatchData and again into contiguous buffers: two more copies of every
///   piece in flight.)
/// - ``writeNow(_:at:md5:)`` for mapped pieces (``DirectPiece``), on their lane: the page-aligned
///   bulk of a piece of 64 KiB or more through a second, `O_DIRECT` descriptor of the same
///   file, so those bytes go from the lane's buffer to the disk without a copy into the page
///   cache (which cost this host as much CPU as the MD5) and without evicting the host's
///   cache; the rest buffered. Both are made durable by the group commit's `syncfs`.
final class LocalStagedBlob: StagedBlob, @unchecked Sendable {
    /// Pieces at least this long use the direct descriptor.
    static let directMinimum = 64 << 10
    static let directAlignment = 4096

    /// The file, and the same file opened `O_DIRECT` (-1: not asked for, or refused by the
    /// file system).
    private struct Descriptors {
        var fd: Int32
        var directFD: Int32
    }

    private let open: @Sendable () throws(TargetError) -> Int32
    private let direct: Bool
    private let opened = Mutex<Result<Descriptors, TargetError>?>(nil)
    private let queue = DispatchQueue(label: "iedrive.copy.writer")

    /// `open` creates (or, resuming, reopens) the staging file and returns its descriptor.
    init(direct: Bool = false, open: @escaping @Sendable () throws(TargetError) -> Int32) {
        self.open = open
        self.direct = direct
    }

    deinit {
        if case .success(let descriptors) = opened.withLock({ $0 }) {
            SystemCall.close(descriptors.fd)
            if descriptors.directFD >= 0 { SystemCall.close(descriptors.directFD) }
        }
    }

    /// Opens the file now if it is not open yet (an empty blob, which no write will open).
    func createNow() throws(TargetError) {
        _ = try descriptors().get()
    }

    /// The descriptors, opening the file at the first call; the same failure every time after.
    private func descriptors() -> Result<Descriptors, TargetError> {
        opened.withLock { state in
            if let state { return state }
            let result: Result<Descriptors, TargetError>
            do throws(TargetError) {
                let fd = try open()
                let directFD = direct ? (try? SystemCall.open("/proc/self/fd/\(fd)", [.writeOnly, .direct])) ?? -1 : -1
                result = .success(Descriptors(fd: fd, directFD: directFD))
            } catch {
                result = .failure(error)
            }
            state = result
            return result
        }
    }

    /// Writes `bytes` at `offset` on the writer's queue (the MD5 is not needed here).
    func write(_ bytes: PieceBytes, at offset: UInt64, md5: MD5Digest?) async -> StagedWriteResult {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: StagedWriteResult(descriptors().map { writeAll(bytes, at: offset, fd: $0.fd) }))
            }
        }
    }

    /// Writes `bytes` at `offset` on the calling thread (a lane's).
    func writeNow(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, md5: MD5Digest?) -> StagedWriteResult {
        StagedWriteResult(descriptors().map { writeNow(bytes, at: offset, fd: $0.fd, directFD: $0.directFD) })
    }

    private func writeNow(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, fd: Int32, directFD: Int32) -> Int32 {
        var buffered = bytes
        var position = offset
        if directFD >= 0, bytes.count >= Self.directMinimum, offset % UInt64(Self.directAlignment) == 0,
           Int(bitPattern: bytes.baseAddress) % Self.directAlignment == 0 {
            let aligned = bytes.count & ~(Self.directAlignment - 1)
            let error = Self.writeAll(directFD, UnsafeRawBufferPointer(rebasing: bytes[..<aligned]), at: offset)
            // EINVAL: this file system takes O_DIRECT at open but not these writes: buffered.
            if error != 0 && error != Errno.invalidArgument.rawValue { return error }
            if error == 0 {
                buffered = UnsafeRawBufferPointer(rebasing: bytes[aligned...])
                position += UInt64(aligned)
            }
        }
        return buffered.isEmpty ? 0 : Self.writeAll(fd, buffered, at: position)
    }

    private func writeAll(_ bytes: PieceBytes, at offset: UInt64, fd: Int32) -> Int32 {
        var position = offset
        for chunk in bytes.chunks {
            let error = chunk.withUnsafeBytes { Self.writeAll(fd, $0, at: position) }
            if error != 0 { return error }
            position += UInt64(chunk.count)
        }
        return 0
    }

    /// `pwrite` of all of `buffer`: 0, or the errno it failed with (a write that takes
    /// nothing is `EIO`).
    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at position: UInt64) -> Int32 {
        do {
            try SystemCall.pwriteAll(fd, buffer, at: position, subject: "the staging file")
            return 0
        } catch {
            return error.errno.rawValue
        }
    }
}

extension StagedWriteResult {
    init(_ result: Result<Int32, TargetError>) {
        switch result {
        case .success(0): self = .written
        case .success(let error): self = .failed(error)
        case .failure(let error): self = .notOpened(error)
        }
    }
}
