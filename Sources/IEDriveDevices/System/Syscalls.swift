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

extension Syscall {
    /// Whether something accepts a `connect(2)` on the `SOCK_SEQPACKET` unix socket at
    /// `path` (udevd's control socket is one). Connects and closes; sends nothing.
    static func unixSocketAccepts(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                retryOnInterruptResult { connect(fd, socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
        return rc == 0
    }

    /// Names in a directory, without `.` and `..`; empty when it cannot be read.
    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `stat(2)` of a path: the device number of the filesystem holding it (`st_dev`).
    static func filesystemDevice(of path: String) -> dev_t? {
        var info = stat()
        return fstatat(AT_FDCWD, path, &info, 0) == 0 ? info.st_dev : nil
    }

    private static func retryOnInterruptResult(_ call: () -> Int32) -> Int32 {
        while true {
            let rc = call()
            if rc == 0 || errno != EINTR { return rc }
        }
    }
}

extension Syscall {
    /// `stat(2)` of a path: the device number it stands for when it is a block device node.
    static func blockDeviceNumber(of path: String) -> dev_t? {
        var info = stat()
        guard fstatat(AT_FDCWD, path, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFBLK else { return nil }
        return info.st_rdev
    }
}
