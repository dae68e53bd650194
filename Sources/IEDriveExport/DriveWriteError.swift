/// Why writing an export drive failed. Messages name the device and the errno, never a key.
public enum DriveWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The drive refused a read or write (EIO, ENXIO, …): the hardware, or a pulled drive.
    case device(errno: Int32, offset: UInt64, detail: String)
    /// The volume has no room left for what was asked.
    case full(detail: String)
    /// mkntfs could not make the file system.
    case format(String)
    /// libntfs-3g refused (mount, create, write, unmount) for a reason that is not the device.
    case fileSystem(errno: Int32, detail: String)
    /// A name the file system cannot hold or that is already taken.
    case name(errno: Int32, path: String)
    /// The BitLocker layer (key, crypto, metadata) failed.
    case bitLocker(String)

    public var description: String {
        switch self {
        case .device(let errno, let offset, let detail):
            "the drive failed a read or write at byte \(offset) (\(Self.errnoName(errno))): \(detail)"
        case .full(let detail): "the drive is full: \(detail)"
        case .format(let detail): "could not make NTFS on the drive: \(detail)"
        case .fileSystem(let errno, let detail): "NTFS refused (\(Self.errnoName(errno))): \(detail)"
        case .name(let errno, let path): "cannot create \(path) on NTFS (\(Self.errnoName(errno)))"
        case .bitLocker(let detail): "BitLocker: \(detail)"
        }
    }

    /// Whether the device itself failed (the drive's verdict is then a hardware error).
    public var isDeviceFailure: Bool {
        if case .device = self { return true }
        return false
    }

    static func errnoName(_ errno: Int32) -> String {
        switch errno {
        case 5: "EIO"
        case 6: "ENXIO"
        case 17: "EEXIST"
        case 20: "ENOTDIR"
        case 21: "EISDIR"
        case 22: "EINVAL"
        case 28: "ENOSPC"
        case 36: "ENAMETOOLONG"
        case 110: "ETIMEDOUT"
        default: "errno \(errno)"
        }
    }
}
