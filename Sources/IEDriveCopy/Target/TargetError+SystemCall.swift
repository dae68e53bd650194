#if canImport(Glibc)
import Glibc
#endif
public import IEDriveCore

extension TargetError {
    /// The target-level meaning of an errno met while `doing` something at `place` (a
    /// `file://` address): no space → `.full`; read-only or permission denied →
    /// `.notAccessible`; anything else → `.io`. The copy engine uses it for its own writes to
    /// staging descriptors.
    public init(errno code: Int32, doing: String, at place: String) {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT:
            self = .full("\(doing) at \(place) failed: \(reason). Free space on the target's file system or grow it, then retry the drive.")
        case EROFS:
            self = .notAccessible("\(doing) at \(place) failed: \(reason). The target's file system is mounted read-only; remount it read-write (check dmesg for errors that made it read-only).")
        case EACCES, EPERM:
            self = .notAccessible("\(doing) at \(place) failed: \(reason). Give the iedrive service user write access to the target directory.")
        default:
            self = .io("\(doing) at \(place) failed: \(reason). Check dmesg for disk errors on the target's file system.", errno: code)
        }
    }

    init(_ error: SystemCallError, doing: String, at place: String) {
        self.init(errno: error.errno, doing: "\(doing) (\(error.call) \(error.subject))", at: place)
    }
}
