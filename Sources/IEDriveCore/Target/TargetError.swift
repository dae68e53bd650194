/// Why a storage target could not do what was asked. Each message says what failed, where,
/// the cause, and what an operator can do.
public enum TargetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target cannot be used at all: root missing, not a directory, not writable, read-only
    /// file system, unsupported address. The drive state is "Storage account not accessible".
    case notAccessible(String)
    /// No space or quota left (ENOSPC, EDQUOT). Same drive state, but said as "target full" so
    /// an operator knows to make room rather than fix access.
    case full(String)
    /// Any other system-call failure, with its errno.
    case io(String, errno: Int32)
    /// The blob cannot be placed as asked (for example it exists and may not be replaced).
    case blobConflict(String)

    /// The drive failure state (states.md §4.2) a drive shows when its copy stops on this error.
    /// Access and space problems are the storage account's ("Storage account not accessible");
    /// an I/O error or a conflict inside the target is ours ("Failed", contact support).
    public var driveFailureState: DriveFailureState {
        switch self {
        case .notAccessible, .full: .storageAccountNotAccessible
        case .io, .blobConflict: .failed
        }
    }

    /// The DriveLog status (drive-logs.md §5.1) that goes with `driveFailureState`.
    public var driveStatus: DriveStatus {
        switch self {
        case .notAccessible, .full: .blobRequestForbidden
        case .io, .blobConflict: .internalError
        }
    }

    /// The failure to record on the drive.
    public var driveFailure: DriveFailure {
        DriveFailure(driveFailureState, status: driveStatus, description)
    }

    /// A short operator's name for the kind of problem.
    public var label: String {
        switch self {
        case .notAccessible: "target not accessible"
        case .full: "target full"
        case .io: "target I/O error"
        case .blobConflict: "blob conflict"
        }
    }

    public var description: String {
        switch self {
        case .notAccessible(let message), .full(let message), .blobConflict(let message): "\(label): \(message)"
        case .io(let message, let errno): "\(label): \(message) (errno \(errno))"
        }
    }
}
