#if canImport(Glibc)
import Glibc
#endif

/// The system calls the reader makes on its descriptors, with EINTR retried in one place.
/// The C names are kept in the function names.
enum Syscall {
    /// `read(2)` into `buffer`: the byte count, 0 at end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, Errno> {
        retryOnInterrupt { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// `write(2)` until every byte of `bytes` is written (a pipe takes large writes in pieces).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Result<Void, Errno> {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            switch retryOnInterrupt({ Glibc.write(fd, rest.baseAddress, rest.count) }) {
            case .success(let count): done += count
            case .failure(let error): return .failure(error)
            }
        }
        return .success(())
    }

    /// Whether `fd` is an open descriptor (`fstat(2)` succeeds).
    static func isOpen(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0
    }

    /// Monotonic clock, for durations.
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
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

/// An `errno` value (`Errno(EIO)`), with its strerror text.
struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }

    static var current: Errno { Errno(errno) }

    var description: String { String(cString: strerror(code)) }
}
