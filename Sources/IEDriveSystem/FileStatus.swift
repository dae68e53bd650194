import Glibc

/// What `fstat(2)` and `fstatat(2)` report, in the fields iedrive reads.
public struct FileStatus: Sendable, Hashable {
    /// The file type bits of `st_mode` (`S_IFMT`).
    public enum Kind: Sendable, Hashable {
        case regularFile, directory, blockDevice, characterDevice, symbolicLink, fifo, socket, unknown
    }

    public var kind: Kind
    /// The permission bits of `st_mode` (`& 0o7777`).
    public var permissions: UInt32
    /// `st_size`: bytes of a regular file (0 for a block device: ask `lseek` to its end).
    public var size: Int64
    /// `st_dev`: the device holding the file's file system.
    public var device: UInt64
    /// `st_rdev`: the device a device node stands for.
    public var representedDevice: UInt64
    /// `st_mtim`: last modification, nanoseconds since 1970.
    public var modifiedNanoseconds: Int64

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regularFile
        case S_IFDIR: kind = .directory
        case S_IFBLK: kind = .blockDevice
        case S_IFCHR: kind = .characterDevice
        case S_IFLNK: kind = .symbolicLink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        default: kind = .unknown
        }
        permissions = UInt32(info.st_mode & 0o7777)
        size = Int64(info.st_size)
        device = UInt64(info.st_dev)
        representedDevice = UInt64(info.st_rdev)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}

/// What `fstatvfs(3)` reports, in the fields iedrive reads.
public struct FileSystemStatus: Sendable, Hashable {
    /// `ST_RDONLY` in `f_flag`: mounted read-only.
    public var isReadOnly: Bool

    init(_ info: statvfs) {
        isReadOnly = info.f_flag & UInt(ST_RDONLY) != 0
    }
}

/// `open(2)` flags. Every open also gets `O_CLOEXEC`: no descriptor iedrive opens is meant
/// for a child (the spawn helper hands a child exactly the descriptors it is to have).
public struct OpenOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `O_RDONLY` (0: the access mode when neither of the next two is given).
    public static let readOnly = OpenOptions([])
    /// `O_WRONLY`.
    public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
    /// `O_RDWR`.
    public static let readWrite = OpenOptions(rawValue: O_RDWR)
    /// `O_CREAT`.
    public static let create = OpenOptions(rawValue: O_CREAT)
    /// `O_EXCL`: with `create`, fail with `EEXIST` when the name exists.
    public static let exclusive = OpenOptions(rawValue: O_EXCL)
    /// `O_TRUNC`.
    public static let truncate = OpenOptions(rawValue: O_TRUNC)
    /// `O_DIRECTORY`: fail with `ENOTDIR` unless it is a directory.
    public static let directory = OpenOptions(rawValue: O_DIRECTORY)
    /// `O_NOFOLLOW`: fail with `ELOOP` when the last component is a symbolic link.
    public static let noFollow = OpenOptions(rawValue: O_NOFOLLOW)
    /// `O_NOCTTY`: a terminal opened never becomes the controlling terminal.
    public static let noControllingTerminal = OpenOptions(rawValue: O_NOCTTY)
    /// `O_NONBLOCK`: never wait at open (a FIFO without a writer, a device).
    public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
    /// `O_DIRECT` (from CSystemSupport: Glibc's Swift module lacks it): transfers bypass the
    /// page cache; buffers, offsets and lengths must be aligned to the logical block size.
    public static let direct = OpenOptions(rawValue: directFlag)
}

/// `renameat2(2)` flags.
public struct RenameOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `RENAME_NOREPLACE`: fail with `EEXIST` rather than replace the target.
    public static let noReplace = RenameOptions(rawValue: renameNoReplaceFlag)
    /// `RENAME_EXCHANGE`: swap the two names atomically; both must exist.
    public static let exchange = RenameOptions(rawValue: renameExchangeFlag)
}

/// The access mode a descriptor was opened with (`fcntl(F_GETFL) & O_ACCMODE`).
public enum AccessMode: Sendable, Hashable {
    case readOnly, writeOnly, readWrite
}
