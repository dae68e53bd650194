public import IEDriveCore
#if canImport(Glibc)
import Glibc
#endif

extension TargetError {
    /// The target error an errno from a write or sync stands for.
    public static func fromErrno(_ code: Int32, _ what: String) -> TargetError {
        let reason = "\(what): \(String(cString: strerror(code)))"
        switch code {
        case ENOSPC, EDQUOT: return .full(reason)
        case EROFS, EACCES, EPERM: return .notAccessible(reason)
        default: return .io(reason, errno: code)
        }
    }
}
