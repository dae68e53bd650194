/// A drive that cannot be processed: the failure state the service shows, the DriveLog status
/// behind it, and one sentence saying why, which an operator can act on. Never holds a key.
public struct DriveFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var state: DriveFailureState
    public var status: DriveStatus
    public var reason: String

    public init(_ state: DriveFailureState, status: DriveStatus, _ reason: String) {
        self.state = state
        self.status = status
        self.reason = reason
    }

    /// The drive-level meaning of a reader's fatal failure.
    public init(_ failure: ReaderFailure) {
        let state = failure.driveFailureState ?? .failed
        let status: DriveStatus = switch failure.kind {
        case .keyDoesNotUnlock: .bitLockerKeyInvalid
        case .bitLockerUnsupported: .bitLockerUnlockVolumeFailed
        case .bitLockerNotFound: .bitLockerVolumeNotFound
        case .ntfsNotFound: .volumeNotNtfs
        case .ntfsCorrupt, .readerCrashed: .diskOperationFailed
        case .deviceReadError, .readerTimedOut: .diskNotFound
        case .internalError, .notFound, .wrongKind, .badRequest: .internalError
        }
        self.init(state, status: status, failure.description)
    }

    public var description: String { "\(state.label): \(reason)" }
}
