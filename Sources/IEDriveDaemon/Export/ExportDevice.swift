import Glibc
import IEDriveCore
import IEDriveSystem

/// An export drive's device, opened read-write by the daemon (the writer process gets the
/// descriptor) and sized; closed by ``close()``.
struct ExportDevice: Sendable {
    /// Why a device cannot be written.
    enum Refusal: Error {
        /// The drive's own fault: fail it.
        case drive(DriveFailure)
        /// The host's (the device is gone): the drive waits for its next attachment.
        case host(String)
    }

    /// Smaller than this, no BitLocker volume with NTFS can be made (BitLockerLayout's minimum).
    static let minimumBytes: UInt64 = 8 << 20

    let fd: Int32
    let size: UInt64

    static func open(_ path: String) -> Result<ExportDevice, Refusal> {
        let fd: Int32
        do {
            fd = try SystemCall.open(path, .readWrite)
        } catch {
            switch error.errno.rawValue {
            case EROFS, EACCES, EPERM:
                return .failure(.drive(DriveFailure(.unsupportedDisk, status: .diskOperationFailed,
                                                    "the drive cannot be written (write-protected or read-only: \(error))")))
            default:
                return .failure(.host("cannot open \(path) for writing: \(error)"))
            }
        }
        let size: UInt64
        do {
            size = try SystemCall.seekToEnd(fd, subject: path)
        } catch {
            SystemCall.close(fd)
            return .failure(.drive(DriveFailure(.hardwareError, status: .diskNotFound, "cannot size \(path): \(error)")))
        }
        guard size >= minimumBytes else {
            SystemCall.close(fd)
            return .failure(.drive(DriveFailure(.unsupportedDisk, status: .diskOperationFailed,
                                                "the drive holds \(size) bytes; an export drive needs at least "
                                                + "\(minimumBytes >> 20) MiB for BitLocker and NTFS")))
        }
        return .success(ExportDevice(fd: fd, size: size))
    }

    func close() { SystemCall.close(fd) }
}
