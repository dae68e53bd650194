import CSystemSupport
import Glibc

extension SystemCall {
    /// `mkdirat(2)`; an existing entry is not an error when `existingIsFine` (whatever it is:
    /// the next open with `.directory` tells).
    public static func mkdirat(_ directory: Int32, _ path: String, permissions: UInt32 = 0o755,
                               existingIsFine: Bool = true) throws(SystemCallError) {
        do {
            _ = try funnel("mkdirat", path, retryOnInterrupt: true) {
                path.withCString { checked(Glibc.mkdirat(directory, $0, permissions)) }
            }
        } catch where existingIsFine && error.errno == .fileExists {
            return
        }
    }

    /// `renameat2(2)` with ``RenameOptions/noReplace``, ``RenameOptions/exchange`` or no flag.
    /// A file system that cannot honour a flag fails with `EINVAL`.
    public static func renameat2(_ fromDirectory: Int32, _ from: String, _ toDirectory: Int32, _ to: String,
                                 options: RenameOptions = []) throws(SystemCallError) {
        _ = try funnel("renameat2", "\(from) → \(to)", retryOnInterrupt: true) {
            from.withCString { fromName in
                to.withCString { checked(iedrive_renameat2(fromDirectory, fromName, toDirectory, $0, options.rawValue)) }
            }
        }
    }

    /// `unlinkat(2)`: removes a file, or an empty directory when `removingDirectory`
    /// (`AT_REMOVEDIR`). A missing entry is not an error when `missingIsFine`.
    public static func unlinkat(_ directory: Int32, _ path: String, removingDirectory: Bool = false,
                                missingIsFine: Bool = false) throws(SystemCallError) {
        do {
            _ = try funnel("unlinkat", path, retryOnInterrupt: true) {
                path.withCString { checked(Glibc.unlinkat(directory, $0, removingDirectory ? AT_REMOVEDIR : 0)) }
            }
        } catch where missingIsFine && error.errno == .noSuchFileOrDirectory {
            return
        }
    }

    /// The entry names of the directory `path` (relative to `directory`), without `.` and
    /// `..`, as bytes (a name need not be UTF-8), in the order `readdir(3)` gives them. The
    /// directory is opened afresh (`openat`, `fdopendir`), so its read position is its own;
    /// a final symbolic link is followed unless `followingSymbolicLinks` is false.
    public static func directoryEntries(_ directory: Int32, _ path: String,
                                        followingSymbolicLinks: Bool = true) throws(SystemCallError) -> [[UInt8]] {
        let fd = try openat(directory, path, followingSymbolicLinks ? [.readOnly, .directory] : [.readOnly, .directory, .noFollow])
        let stream: OpaquePointer
        do {
            stream = try funnel("fdopendir", path, retryOnInterrupt: false) { checked(fdopendir(fd)) }
        } catch {
            close(fd)
            throw error
        }
        defer { closedir(stream) }   // closes fd
        var names: [[UInt8]] = []
        while true {
            // readdir returns NULL both at the end and on failure; errno tells them apart.
            Glibc.errno = 0
            let next = try funnel("readdir", path, retryOnInterrupt: false) { () -> Attempt<UnsafeMutablePointer<dirent>?> in
                let entry = readdir(stream)
                return entry == nil && Glibc.errno != 0 ? .failed(Errno(rawValue: Glibc.errno)) : .done(entry)
            }
            guard let entry = next else { return names }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
    }

    /// `mkdir(2)`; an existing entry is not an error when `existingIsFine`.
    public static func mkdir(_ path: String, permissions: UInt32, existingIsFine: Bool = true) throws(SystemCallError) {
        do {
            _ = try funnel("mkdir", path, retryOnInterrupt: true) { path.withCString { checked(Glibc.mkdir($0, permissions)) } }
        } catch where existingIsFine && error.errno == .fileExists {
            return
        }
    }

    /// `rename(2)`: `to` replaced if it exists.
    public static func rename(_ from: String, _ to: String) throws(SystemCallError) {
        _ = try funnel("rename", "\(from) → \(to)", retryOnInterrupt: true) {
            from.withCString { fromName in to.withCString { checked(Glibc.rename(fromName, $0)) } }
        }
    }

    /// `unlink(2)`.
    public static func unlink(_ path: String) throws(SystemCallError) {
        _ = try funnel("unlink", path, retryOnInterrupt: true) { path.withCString { checked(Glibc.unlink($0)) } }
    }

    /// `mkdtemp(3)`: a new directory, mode 0700, named `prefix` and six random characters.
    public static func makeTemporaryDirectory(prefix: String) throws(SystemCallError) -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        _ = try funnel("mkdtemp", prefix, retryOnInterrupt: false) {
            template.withUnsafeMutableBufferPointer { checked(mkdtemp($0.baseAddress!)) }
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
