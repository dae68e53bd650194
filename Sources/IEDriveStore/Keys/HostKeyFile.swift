#if canImport(Glibc)
import Glibc
#endif

/// The host key file's system calls: read with checks, create exclusively.
enum HostKeyFile {
    enum Creation { case created, alreadyExists }

    /// The key's bytes, nil when no file exists; refuses a file that is not private to its
    /// owner, not regular, or not `HostKey.byteCount` bytes.
    static func contents(path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw HostKeyError.cannotRead(path: path, errno: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw HostKeyError.cannotRead(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw HostKeyError.notARegularFile(path: path) }
        let permissions = info.st_mode & 0o7777
        guard permissions & 0o077 == 0 else { throw HostKeyError.accessibleToOthers(path: path, mode: UInt32(permissions)) }
        guard info.st_size == HostKey.byteCount else { throw HostKeyError.wrongSize(path: path, size: Int64(info.st_size)) }
        var bytes = [UInt8](repeating: 0, count: HostKey.byteCount)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw count == 0 ? HostKeyError.wrongSize(path: path, size: Int64(filled)) : HostKeyError.cannotRead(path: path, errno: errno)
            }
            filled += count
        }
        return bytes
    }

    /// Writes `bytes` to a new file at `path` (mode 0600, `O_EXCL`), flushed to disk with its
    /// directory entry; `.alreadyExists` if a file is there. A half-written file is removed.
    static func createExclusively(path: String, bytes: [UInt8]) throws -> Creation {
        let directory = parent(of: path)
        try makeDirectories(directory)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { return .alreadyExists }
            throw HostKeyError.cannotCreate(path: path, errno: code)
        }
        var written = 0
        var failure: Int32?
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { failure = count < 0 ? errno : EIO; break }
            written += count
        }
        if failure == nil, fchmod(fd, 0o600) != 0 { failure = errno }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        close(fd)
        if let failure {
            unlink(path)
            throw HostKeyError.cannotCreate(path: path, errno: failure)
        }
        syncDirectory(directory)
        return .created
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` with mode 0700 for the directories it makes; existing ones are left as they are.
    private static func makeDirectories(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        let above = parent(of: directory)
        if above != directory { try makeDirectories(above) }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw HostKeyError.cannotCreateDirectory(path: directory, errno: errno)
        }
    }

    /// Best effort: the new file's name survives a crash once its directory is flushed.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
