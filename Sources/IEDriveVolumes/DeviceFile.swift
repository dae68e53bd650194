import Dispatch
public import IEDriveCore
#if canImport(Glibc)
import Glibc
#endif

/// A read-only descriptor of the drive (or image) kept by the parent beside its reader:
/// positioned reads only, never a write (the descriptor is opened `O_RDONLY`). Closed when
/// the last holder lets go.
public final class DeviceFile: DeviceBytes {
    private let fd: Int32
    public let size: UInt64
    public let readTimeoutSeconds: Double

    /// The file behind `descriptor` (the reader's) opened again, read-only: a descriptor of
    /// its own, whose file offset (moved here to learn the size) is not the reader's.
    init?(reopening descriptor: Int32, readTimeoutSeconds: Double) {
        let fd = Glibc.open("/proc/self/fd/\(descriptor)", O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0, fcntl(fd, F_GETFL) & O_ACCMODE == O_RDONLY else {
            Glibc.close(fd)
            return nil
        }
        self.fd = fd
        size = UInt64(end)
        self.readTimeoutSeconds = readTimeoutSeconds
    }

    /// Closed on a utility thread: the last close of a block device waits for reads still in
    /// flight, and one hung in a dead drive must not hold up whoever let go last (a thread
    /// of the Swift concurrency pool, in the daemon).
    deinit {
        let fd = fd
        DispatchQueue.global(qos: .utility).async { _ = Glibc.close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        while true {
            let count = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { return -Int(errno) }
        }
    }
}
