import IEDriveSystem

/// The host key file's system calls: read with checks, create exclusively.
enum HostKeyFile {
    enum Creation { case created, alreadyExists }

    /// The key's bytes, nil when no file exists; refuses a file that is not private to its
    /// owner, not regular, or not `HostKey.byteCount` bytes.
    static func contents(path: String) throws -> [UInt8]? {
        let fd: Int32
        do {
            fd = try SystemCall.open(path, .readOnly)
        } catch where error.errno == .noSuchFileOrDirectory {
            return nil
        } catch {
            throw HostKeyError.cannotRead(path: path, errno: error.errno.rawValue)
        }
        defer { SystemCall.close(fd) }
        let info: FileStatus
        do {
            info = try SystemCall.fstat(fd, subject: path)
        } catch {
            throw HostKeyError.cannotRead(path: path, errno: error.errno.rawValue)
        }
        guard info.kind == .regularFile else { throw HostKeyError.notARegularFile(path: path) }
        guard info.permissions & 0o077 == 0 else { throw HostKeyError.accessibleToOthers(path: path, mode: info.permissions) }
        guard info.size == HostKey.byteCount else { throw HostKeyError.wrongSize(path: path, size: info.size) }
        var bytes = [UInt8](repeating: 0, count: HostKey.byteCount)
        var filled = 0
        while filled < bytes.count {
            let count: Int
            do {
                count = try bytes.withUnsafeMutableBytes { buffer in
                    Result { () throws(SystemCallError) in
                        try SystemCall.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), subject: path)
                    }
                }.get()
            } catch {
                throw HostKeyError.cannotRead(path: path, errno: error.errno.rawValue)
            }
            guard count > 0 else { throw HostKeyError.wrongSize(path: path, size: Int64(filled)) }
            filled += count
        }
        return bytes
    }

    /// Writes `bytes` to a new file at `path` (mode 0600, `O_EXCL`), flushed to disk with its
    /// directory entry; `.alreadyExists` if a file is there. A half-written file is removed.
    static func createExclusively(path: String, bytes: [UInt8]) throws -> Creation {
        let directory = parent(of: path)
        try makeDirectories(directory)
        let fd: Int32
        do {
            fd = try SystemCall.open(path, [.writeOnly, .create, .exclusive], permissions: 0o600)
        } catch where error.errno == .fileExists {
            return .alreadyExists
        } catch {
            throw HostKeyError.cannotCreate(path: path, errno: error.errno.rawValue)
        }
        var failure: Errno?
        do {
            try SystemCall.writeAll(fd, bytes, subject: path)
            try SystemCall.fchmod(fd, permissions: 0o600, subject: path)
            try SystemCall.fsync(fd, subject: path)
        } catch {
            failure = error.errno
        }
        SystemCall.close(fd)
        if let failure {
            try? SystemCall.unlink(path)
            throw HostKeyError.cannotCreate(path: path, errno: failure.rawValue)
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
        if (try? SystemCall.fstatat(SystemCall.currentDirectory, directory, followingSymbolicLinks: true)) != nil { return }
        let above = parent(of: directory)
        if above != directory { try makeDirectories(above) }
        do {
            try SystemCall.mkdir(directory, permissions: 0o700)
        } catch {
            throw HostKeyError.cannotCreateDirectory(path: directory, errno: error.errno.rawValue)
        }
    }

    /// Best effort: the new file's name survives a crash once its directory is flushed.
    private static func syncDirectory(_ directory: String) {
        guard let fd = try? SystemCall.open(directory, [.readOnly, .directory]) else { return }
        try? SystemCall.fsync(fd, subject: directory)
        SystemCall.close(fd)
    }
}
