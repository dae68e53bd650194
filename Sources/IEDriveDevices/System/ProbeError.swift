public import IEDriveSystem

/// Why a path could not be probed at all (exit code 1 of `iedrive probe`). Each message says
/// what failed and what to do about it.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case permissionDenied(path: String)
    case isDirectory(path: String)
    case notBlockDeviceOrFile(path: String, kind: String)
    case empty(path: String, isBlockDevice: Bool)
    case noMedium(path: String)
    case ioError(path: String, operation: String, errno: Errno)
    case probeFailed(path: String, detail: String)

    /// A stable machine name for `--json` output.
    public var code: String {
        switch self {
        case .notFound: "notFound"
        case .permissionDenied: "permissionDenied"
        case .isDirectory: "isDirectory"
        case .notBlockDeviceOrFile: "notBlockDeviceOrFile"
        case .empty: "empty"
        case .noMedium: "noMedium"
        case .ioError: "ioError"
        case .probeFailed: "probeFailed"
        }
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file or device. Check the path; for a drive, `lsblk` lists block devices, and a loop device is attached with `losetup --find --show --read-only IMAGE`."
        case .permissionDenied(let path):
            "\(path): permission denied. Run as root, or as a member of the group owning the device (`ls -l \(path)`, usually `disk`)."
        case .isDirectory(let path):
            "\(path): is a directory. Give a block device (/dev/sdX, /dev/loopN, a partition node) or a drive image file."
        case .notBlockDeviceOrFile(let path, let kind):
            "\(path): is a \(kind), not a block device or image file."
        case .empty(let path, let isBlockDevice):
            isBlockDevice
                ? "\(path): the device has size 0 (no medium, or a detached loop device). Attach the drive or image and retry."
                : "\(path): the file is empty (0 bytes); an image must hold a whole drive."
        case .noMedium(let path):
            "\(path): no medium in the drive. Insert the disk and retry."
        case .ioError(let path, let operation, let errno):
            "\(path): I/O error while \(operation) (\(errno)). The drive may be failing: check `dmesg`, reseat the cable or try another bay."
        case .probeFailed(let path, let detail):
            "\(path): libblkid could not probe the device (\(detail)). Check `dmesg` for I/O errors."
        }
    }
}
