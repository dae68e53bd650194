public import IEDriveCore
import IEDriveSystem

extension TargetError {
    /// The target-level meaning of an errno met while `doing` something at `place` (a
    /// `file://` address): no space → `.full`; read-only or permission denied →
    /// `.notAccessible`; anything else → `.io`. The copy engine uses it for its own writes to
    /// staging descriptors.
    public init(errno code: Int32, doing: String, at place: String) {
        let errno = Errno(rawValue: code)
        switch errno {
        case .noSpace, .diskQuotaExceeded:
            self = .full("\(doing) at \(place) failed: \(errno). Free space on the target's file system or grow it, then retry the drive.")
        case .readOnlyFileSystem:
            self = .notAccessible("\(doing) at \(place) failed: \(errno). The target's file system is mounted read-only; remount it read-write (check dmesg for errors that made it read-only).")
        case .permissionDenied, .notPermitted:
            self = .notAccessible("\(doing) at \(place) failed: \(errno). Give the iedrive service user write access to the target directory.")
        default:
            self = .io("\(doing) at \(place) failed: \(errno). Check dmesg for disk errors on the target's file system.", errno: code)
        }
    }

    init(_ error: SystemCallError, doing: String, at place: String) {
        self.init(errno: error.errno.rawValue, doing: "\(doing) (\(error.call) \(error.subject))", at: place)
    }
}
