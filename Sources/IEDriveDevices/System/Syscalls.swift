#if canImport(Glibc)
import Glibc
#endif

/// Every system call IEDriveDevices makes goes through here, so errno handling (and EINTR
/// retries) live in one place. The C names are kept in the function names.
enum Syscall {
    /// `open(2)`, read-only, close-on-exec, never a controlling terminal, never blocking on a
    /// FIFO. Write access is not expressible here on purpose: probing never writes.
    static func openReadOnly(_ path: String) -> Result<Int32, Errno> {
        retryOnInterrupt { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) }
    }

    /// `fstat(2)`.
    static func fstat(_ fd: Int32) -> Result<stat, Errno> {
        var info = stat()
        let rc = Glibc.fstat(fd, &info)
        return rc == 0 ? .success(info) : .failure(Errno.current)
    }

    /// `pread(2)` into `buffer`; returns the byte count read.
    static func pread(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Result<Int, Errno> {
        retryOnInterrupt { Glibc.pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// `close(2)`; errors are ignored: the descriptor was read-only.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    private static func retryOnInterrupt<T: BinaryInteger>(_ call: () -> T) -> Result<T, Errno> {
        while true {
            let rc = call()
            if rc >= 0 { return .success(rc) }
            let error = Errno.current
            if error.code != EINTR { return .failure(error) }
        }
    }
}

/// An `errno` value you can match (`Errno(ENOENT)`), with its strerror text.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }

    static var current: Errno { Errno(errno) }

    public var description: String { String(cString: strerror(code)) }
}
