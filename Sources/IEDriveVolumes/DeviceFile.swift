import Dispatch
public import IEDriveCore
import IEDriveSystem

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
        guard let fd = try? SystemCall.open("/proc/self/fd/\(descriptor)", [.readOnly, .noControllingTerminal]) else { return nil }
        guard let end = try? SystemCall.seekToEnd(fd, subject: "the drive"),
              (try? SystemCall.accessMode(of: fd, subject: "the drive")) == .readOnly else {
            SystemCall.close(fd)
            return nil
        }
        self.fd = fd
        size = end
        self.readTimeoutSeconds = readTimeoutSeconds
    }

    /// Closed on a utility thread: the last close of a block device waits for reads still in
    /// flight, and one hung in a dead drive must not hold up whoever let go last (a thread
    /// of the Swift concurrency pool, in the daemon).
    deinit {
        let fd = fd
        DispatchQueue.global(qos: .utility).async { SystemCall.close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        do {
            return try SystemCall.pread(fd, into: buffer, at: offset, subject: "the drive")
        } catch {
            return -Int(error.errno.rawValue)
        }
    }
}
