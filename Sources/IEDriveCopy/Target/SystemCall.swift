#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which one, on what, and errno.
struct SystemCallError: Error, Sendable {
    var call: String
    var subject: String
    var errno: Int32

    var reason: String { String(cString: strerror(errno)) }
}

/// Every system call the local directory target makes goes through here: errno is captured at
/// once, `EINTR` is retried where the call can be interrupted, and the C name stays findable.
/// Paths are relative to a directory descriptor (`*at` calls).
enum SystemCall {
    /// `RENAME_NOREPLACE` and `RENAME_EXCHANGE` of <linux/fs.h>: glibc defines them only under
    /// _GNU_SOURCE, which the Glibc module does not see.
    static let renameNoReplace: UInt32 = 1
    static let renameExchange: UInt32 = 2

    /// `openat(2)`; close-on-exec is always added.
    static func openat(_ directory: Int32, _ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retrying("openat", path) { Glibc.openat(directory, path, flags | O_CLOEXEC, mode) }
    }

    /// `mkdirat(2)`; an existing entry is not an error when `existingIsFine`.
    static func mkdirat(_ directory: Int32, _ path: String, mode: mode_t = 0o755, existingIsFine: Bool = true) throws(SystemCallError) {
        guard Glibc.mkdirat(directory, path, mode) != 0 else { return }
        let code = errno
        if code == EEXIST, existingIsFine { return }
        throw SystemCallError(call: "mkdirat", subject: path, errno: code)
    }

    /// `renameat2(2)` with `RENAME_NOREPLACE`, `RENAME_EXCHANGE` or no flag.
    static func renameat2(_ fromDirectory: Int32, _ from: String, _ toDirectory: Int32, _ to: String, flags: UInt32) throws(SystemCallError) {
        guard GNUFunctions.renameat2(fromDirectory, from, toDirectory, to, flags) != 0 else { return }
        throw SystemCallError(call: "renameat2", subject: "\(from) → \(to)", errno: errno)
    }

    /// `unlinkat(2)`; a missing entry is not an error.
    static func unlinkat(_ directory: Int32, _ path: String, directoryEntry: Bool = false) throws(SystemCallError) {
        guard Glibc.unlinkat(directory, path, directoryEntry ? AT_REMOVEDIR : 0) != 0 else { return }
        let code = errno
        if code == ENOENT { return }
        throw SystemCallError(call: "unlinkat", subject: path, errno: code)
    }

    /// `fstatat(2)` without following a final symbolic link; nil when the entry does not exist.
    static func fstatat(_ directory: Int32, _ path: String) throws(SystemCallError) -> stat? {
        var info = stat()
        guard Glibc.fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) != 0 else { return info }
        let code = errno
        if code == ENOENT || code == ENOTDIR { return nil }
        throw SystemCallError(call: "fstatat", subject: path, errno: code)
    }

    /// `fstat(2)`.
    static func fstat(_ fd: Int32, _ subject: String) throws(SystemCallError) -> stat {
        var info = stat()
        guard Glibc.fstat(fd, &info) != 0 else { return info }
        throw SystemCallError(call: "fstat", subject: subject, errno: errno)
    }

    /// `fstatvfs(3)`.
    static func fstatvfs(_ fd: Int32, _ subject: String) throws(SystemCallError) -> statvfs {
        var info = statvfs()
        guard Glibc.fstatvfs(fd, &info) != 0 else { return info }
        throw SystemCallError(call: "fstatvfs", subject: subject, errno: errno)
    }

    /// `ftruncate(2)`: sets the size without writing (a larger size leaves a hole).
    static func ftruncate(_ fd: Int32, _ length: UInt64, _ subject: String) throws(SystemCallError) {
        _ = try retrying("ftruncate", subject) { Glibc.ftruncate(fd, off_t(length)) }
    }

    /// `write(2)` until every byte is written.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ subject: String) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if count >= 0 {
                done += count
            } else if errno != EINTR {
                throw SystemCallError(call: "write", subject: subject, errno: errno)
            }
        }
    }

    /// `read(2)` to the end, refusing more than `limit` bytes.
    static func readAll(_ fd: Int32, limit: Int, _ subject: String) throws(SystemCallError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return out }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(call: "read", subject: subject, errno: errno)
            }
            out += buffer[..<count]
            if out.count > limit { throw SystemCallError(call: "read", subject: subject, errno: EFBIG) }
        }
    }

    /// `syncfs(2)`: everything dirty on the file system holding `fd`, data and directories, in
    /// one call. Reports write-back errors (Linux 5.8 and later).
    static func syncfs(_ fd: Int32, _ subject: String) throws(SystemCallError) {
        guard GNUFunctions.syncfs(fd) != 0 else { return }
        throw SystemCallError(call: "syncfs", subject: subject, errno: errno)
    }

    /// The entry names (without `.` and `..`), as bytes, of the directory reached from
    /// `directory` through `groups` (each a relative path short enough for one `openat`).
    static func entries(_ directory: Int32, _ groups: [[String]]) throws(SystemCallError) -> [[UInt8]] {
        var fd = try openat(directory, ".", O_RDONLY | O_DIRECTORY)
        for group in groups {
            let path = group.joined(separator: "/")
            let next: Int32
            do {
                next = try openat(fd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            } catch {
                Glibc.close(fd)
                throw error
            }
            Glibc.close(fd)
            fd = next
        }
        let path = groups.last?.last ?? "."
        guard let stream = fdopendir(fd) else {
            let code = errno
            Glibc.close(fd)
            throw SystemCallError(call: "fdopendir", subject: path, errno: code)
        }
        defer { closedir(stream) }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw SystemCallError(call: "readdir", subject: path, errno: errno) }
                return names
            }
            let name = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: UInt8.self)
            let bytes = Array(UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))))
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            names.append(bytes)
        }
    }

    /// `close(2)`. Errors are ignored: nothing here closes a descriptor it wrote through
    /// without syncing first.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    private static func retrying<T: BinaryInteger>(_ call: String, _ subject: String, _ body: () -> T) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code != EINTR { throw SystemCallError(call: call, subject: subject, errno: code) }
        }
    }
}

/// `syncfs(2)` and `renameat2(2)`: glibc declares them only under _GNU_SOURCE, which the Glibc
/// module is not built with, so they are looked up in libc by name, with their C types.
private enum GNUFunctions {
    static let syncfs: @convention(c) (Int32) -> Int32 = function("syncfs")
    static let renameat2: @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32 = function("renameat2")

    private static func function<F>(_ name: String) -> F {
        guard let symbol = dlsym(nil, name) else { fatalError("libc has no \(name) (glibc 2.28 or later is required)") }
        return unsafeBitCast(symbol, to: F.self)
    }
}
