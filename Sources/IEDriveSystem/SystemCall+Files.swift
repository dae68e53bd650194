import CSystemSupport
import Glibc

extension SystemCall {
    /// `AT_FDCWD`: for the `*at` calls, paths relative to the working directory.
    public static let currentDirectory: Int32 = AT_FDCWD
    /// Descriptors 0, 1 and 2 (`STDIN_FILENO`, `STDOUT_FILENO`, `STDERR_FILENO`).
    public static let standardInput: Int32 = 0
    public static let standardOutput: Int32 = 1
    public static let standardError: Int32 = 2

    // MARK: Opening and closing

    /// `open(2)`, close-on-exec. Interrupted opens (a FIFO, a slow device) are retried.
    public static func open(_ path: String, _ options: OpenOptions, permissions: UInt32 = 0) throws(SystemCallError) -> Int32 {
        try funnel("open", path, retryOnInterrupt: true) {
            path.withCString { checked(Glibc.open($0, options.rawValue | O_CLOEXEC, permissions)) }
        }
    }

    /// `openat(2)`: `path` relative to the directory open as `directory`; close-on-exec.
    public static func openat(_ directory: Int32, _ path: String, _ options: OpenOptions,
                              permissions: UInt32 = 0) throws(SystemCallError) -> Int32 {
        try funnel("openat", path, retryOnInterrupt: true) {
            path.withCString { checked(Glibc.openat(directory, $0, options.rawValue | O_CLOEXEC, permissions)) }
        }
    }

    /// `close(2)`. Never retried: on Linux the descriptor is released even when close reports
    /// `EINTR`, and a second close could hit a descriptor another thread has just been given.
    /// Errors are not reported; whoever needs to know that writes reached the disk calls
    /// `fsync` or `syncfs` first.
    public static func close(_ fd: Int32) {
        _ = try? funnel("close", "descriptor \(fd)", retryOnInterrupt: false) { checked(Glibc.close(fd)) }
    }

    // MARK: Reading and writing

    /// `read(2)` into `buffer`: the byte count, 0 at end of file.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer,
                            subject: @autoclosure () -> String) throws(SystemCallError) -> Int {
        try funnel("read", subject(), retryOnInterrupt: true) { checked(Glibc.read(fd, buffer.baseAddress, buffer.count)) }
    }

    /// `pread(2)` into `buffer` at `offset`: the byte count, 0 at end of file.
    public static func pread(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64,
                             subject: @autoclosure () -> String) throws(SystemCallError) -> Int {
        try funnel("pread", subject(), retryOnInterrupt: true) {
            checked(Glibc.pread(fd, buffer.baseAddress, buffer.count, off_t(offset)))
        }
    }

    /// `write(2)` of `bytes`: the byte count written (a pipe or socket may take fewer).
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer,
                             subject: @autoclosure () -> String) throws(SystemCallError) -> Int {
        try funnel("write", subject(), retryOnInterrupt: true) { checked(Glibc.write(fd, bytes.baseAddress, bytes.count)) }
    }

    /// `pwrite(2)` of `bytes` at `offset`: the byte count written.
    public static func pwrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                              subject: @autoclosure () -> String) throws(SystemCallError) -> Int {
        try funnel("pwrite", subject(), retryOnInterrupt: true) {
            checked(Glibc.pwrite(fd, bytes.baseAddress, bytes.count, off_t(offset)))
        }
    }

    /// `read(2)` until end of file or until more than `limit` bytes are in hand, never
    /// reading more than `limit + 1`: a result longer than `limit` means the file is.
    public static func readToEnd(_ fd: Int32, limit: Int, subject: @autoclosure () -> String) throws(SystemCallError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(64 << 10, limit + 1))
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = try chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemCallError) in
                    try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), subject: subject())
                }
            }.get()
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// `write(2)` until every byte of `bytes` is written (a pipe takes large writes in pieces).
    /// A write that takes nothing fails with `EIO` rather than loop.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer,
                                subject: @autoclosure () -> String) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let count = try write(fd, UnsafeRawBufferPointer(rebasing: bytes[done...]), subject: subject())
            guard count > 0 else { throw SystemCallError(call: "write", subject: subject(), errno: .ioError) }
            done += count
        }
    }

    /// ``writeAll(_:_:subject:)`` of an array.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], subject: @autoclosure () -> String) throws(SystemCallError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try writeAll(fd, buffer, subject: subject()) }
        }.get()
    }

    /// `pwrite(2)` until every byte of `bytes` is written at `offset` on. A write that takes
    /// nothing fails with `EIO` rather than loop.
    public static func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                 subject: @autoclosure () -> String) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let count = try pwrite(fd, UnsafeRawBufferPointer(rebasing: bytes[done...]), at: offset + UInt64(done),
                                   subject: subject())
            guard count > 0 else { throw SystemCallError(call: "pwrite", subject: subject(), errno: .ioError) }
            done += count
        }
    }

    // MARK: Status

    /// `fstat(2)`.
    public static func fstat(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) -> FileStatus {
        var info = stat()
        _ = try funnel("fstat", subject(), retryOnInterrupt: true) { checked(Glibc.fstat(fd, &info)) }
        return FileStatus(info)
    }

    /// `fstatat(2)` of `path` relative to `directory` (``currentDirectory``: the working
    /// directory); a final symbolic link is followed only when `followingSymbolicLinks`.
    public static func fstatat(_ directory: Int32, _ path: String,
                               followingSymbolicLinks: Bool = false) throws(SystemCallError) -> FileStatus {
        var info = stat()
        let flags = followingSymbolicLinks ? 0 : AT_SYMLINK_NOFOLLOW
        _ = try funnel("fstatat", path, retryOnInterrupt: true) {
            path.withCString { checked(Glibc.fstatat(directory, $0, &info, flags)) }
        }
        return FileStatus(info)
    }

    /// ``fstatat(_:_:followingSymbolicLinks:)``, nil when nothing is there (`ENOENT`, or
    /// `ENOTDIR`: a component of the path is not a directory).
    public static func fstatatIfPresent(_ directory: Int32, _ path: String,
                                        followingSymbolicLinks: Bool = false) throws(SystemCallError) -> FileStatus? {
        do {
            return try fstatat(directory, path, followingSymbolicLinks: followingSymbolicLinks)
        } catch where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return nil
        }
    }

    /// `fstatvfs(3)`: the file system holding `fd`.
    public static func fstatvfs(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) -> FileSystemStatus {
        var info = statvfs()
        _ = try funnel("fstatvfs", subject(), retryOnInterrupt: true) { checked(Glibc.fstatvfs(fd, &info)) }
        return FileSystemStatus(info)
    }

    /// `lseek(fd, 0, SEEK_END)`: the size of what `fd` is open on (block devices too), its
    /// file offset moved to the end.
    public static func seekToEnd(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) -> UInt64 {
        UInt64(try funnel("lseek", subject(), retryOnInterrupt: false) { checked(Glibc.lseek(fd, 0, SEEK_END)) })
    }

    /// The data extents of a regular file, `lseek(SEEK_DATA)`/`lseek(SEEK_HOLE)` in turn:
    /// (offset, length) pairs in order; holes are left out (a file system without holes
    /// answers one extent, the whole file).
    public static func dataExtents(_ fd: Int32, size: UInt64,
                                   subject: @autoclosure () -> String) throws(SystemCallError) -> [(offset: UInt64, length: UInt64)] {
        var extents: [(offset: UInt64, length: UInt64)] = []
        var position: UInt64 = 0
        while position < size {
            let start: Int
            do throws(SystemCallError) {
                start = try funnel("lseek(SEEK_DATA)", subject(), retryOnInterrupt: false) {
                    checked(Glibc.lseek(fd, off_t(position), seekDataWhence))
                }
            } catch {
                if error.errno == .noSuchAddressOrDevice { break }   // ENXIO: only a hole is left
                throw error
            }
            let end = try funnel("lseek(SEEK_HOLE)", subject(), retryOnInterrupt: false) {
                checked(Glibc.lseek(fd, off_t(start), seekHoleWhence))
            }
            let stop = min(UInt64(end), size)
            if stop > UInt64(start) { extents.append((UInt64(start), stop - UInt64(start))) }
            position = max(stop, UInt64(start) + 1)
        }
        return extents
    }

    /// `fcntl(F_GETFL) & O_ACCMODE`: how `fd` was opened.
    public static func accessMode(of fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) -> AccessMode {
        let flags = try funnel("fcntl(F_GETFL)", subject(), retryOnInterrupt: false) { checked(Glibc.fcntl(fd, F_GETFL)) }
        switch flags & O_ACCMODE {
        case O_RDONLY: return .readOnly
        case O_WRONLY: return .writeOnly
        default: return .readWrite
        }
    }

    /// `access(path, X_OK)`: whether this process may execute `path`.
    public static func isExecutable(_ path: String) -> Bool {
        (try? funnel("access", path, retryOnInterrupt: false) { path.withCString { checked(Glibc.access($0, X_OK)) } }) != nil
    }

    /// `isatty(3)`: whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool {
        Glibc.isatty(fd) == 1
    }

    /// `ioctl(fd, TIOCGWINSZ)`: the width in columns of the terminal `fd` is, nil when it is
    /// no terminal (or reports no width).
    public static func terminalColumns(_ fd: Int32) -> Int? {
        var size = winsize()
        let asked = try? funnel("ioctl(TIOCGWINSZ)", "descriptor \(fd)", retryOnInterrupt: false) {
            checked(Glibc.ioctl(fd, UInt(TIOCGWINSZ), &size))
        }
        return asked != nil && size.ws_col > 0 ? Int(size.ws_col) : nil
    }

    /// `readlink(2)`: the target of the symbolic link `path`.
    public static func readlink(_ path: String) throws(SystemCallError) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = try funnel("readlink", path, retryOnInterrupt: false) {
            path.withCString { name in
                buffer.withUnsafeMutableBytes {
                    checked(Glibc.readlink(name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count))
                }
            }
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// `getcwd(3)`: the working directory's path.
    public static func getcwd() throws(SystemCallError) -> String {
        let path = try funnel("getcwd", "", retryOnInterrupt: false) { checked(Glibc.getcwd(nil, 0)) }
        defer { free(path) }
        return String(cString: path)
    }

    /// The running program's path: ``readlink(_:)`` of `/proc/self/exe`.
    public static func executablePath() throws(SystemCallError) -> String {
        try readlink("/proc/self/exe")
    }

    // MARK: Locks

    /// `flock(fd, LOCK_EX)`: waits for an exclusive lock on the file (interrupted waits are
    /// retried). Released by ``unlock(_:subject:)`` or when the last descriptor of the open
    /// file closes.
    public static func lockExclusively(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) {
        _ = try funnel("flock(LOCK_EX)", subject(), retryOnInterrupt: true) { checked(flock(fd, LOCK_EX)) }
    }

    /// `flock(fd, LOCK_EX | LOCK_NB)`: takes an exclusive lock if nobody holds one; false when
    /// another open file holds it (`EWOULDBLOCK`).
    public static func tryLockExclusively(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) -> Bool {
        do {
            _ = try funnel("flock(LOCK_EX|LOCK_NB)", subject(), retryOnInterrupt: true) { checked(flock(fd, LOCK_EX | LOCK_NB)) }
            return true
        } catch where error.errno == .resourceTemporarilyUnavailable {   // EWOULDBLOCK
            return false
        }
    }

    /// `flock(fd, LOCK_UN)`.
    public static func unlock(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) {
        _ = try funnel("flock(LOCK_UN)", subject(), retryOnInterrupt: true) { checked(flock(fd, LOCK_UN)) }
    }

    // MARK: Size, permissions, durability

    /// `ftruncate(2)`: sets the size without writing (a larger size leaves a hole).
    public static func ftruncate(_ fd: Int32, length: UInt64, subject: @autoclosure () -> String) throws(SystemCallError) {
        _ = try funnel("ftruncate", subject(), retryOnInterrupt: true) { checked(Glibc.ftruncate(fd, off_t(length))) }
    }

    /// `fchmod(2)`.
    public static func fchmod(_ fd: Int32, permissions: UInt32, subject: @autoclosure () -> String) throws(SystemCallError) {
        _ = try funnel("fchmod", subject(), retryOnInterrupt: false) { checked(Glibc.fchmod(fd, permissions)) }
    }

    /// `chmod(2)`.
    public static func chmod(_ path: String, permissions: UInt32) throws(SystemCallError) {
        _ = try funnel("chmod", path, retryOnInterrupt: false) { path.withCString { checked(Glibc.chmod($0, permissions)) } }
    }

    /// `fsync(2)`: the file's data and metadata on stable storage. Reports write-back errors.
    public static func fsync(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) {
        _ = try funnel("fsync", subject(), retryOnInterrupt: true) { checked(Glibc.fsync(fd)) }
    }

    /// `syncfs(2)`: everything dirty on the file system holding `fd`, data and directories,
    /// in one call. Reports write-back errors (Linux 5.8 and later).
    public static func syncfs(_ fd: Int32, subject: @autoclosure () -> String) throws(SystemCallError) {
        _ = try funnel("syncfs", subject(), retryOnInterrupt: true) { checked(iedrive_syncfs(fd)) }
    }
}
