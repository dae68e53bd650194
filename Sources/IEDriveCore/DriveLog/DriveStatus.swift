/// Drive status codes of the legacy DriveLog (`DriveLog/Status`, drive-logs.md §5.1), spelled
/// exactly. Only the three `Completed…` codes mean the copy ran.
public enum DriveStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case completed = "Completed"
    case completedWithWarnings = "CompletedWithWarnings"
    case completedWithErrors = "CompletedWithErrors"
    case diskNotFound = "DiskNotFound"
    case volumeNotNtfs = "VolumeNotNtfs"
    case diskOperationFailed = "DiskOperationFailed"
    case bitLockerVolumeNotFound = "BitLockerVolumeNotFound"
    case bitLockerNotActivated = "BitLockerNotActivated"
    case bitLockerProtectorNotFound = "BitLockerProtectorNotFound"
    case bitLockerKeyInvalid = "BitLockerKeyInvalid"
    case bitLockerUnlockVolumeFailed = "BitLockerUnlockVolumeFailed"
    case bitLockerFailed = "BitLockerFailed"
    case manifestNameInvalid = "ManifestNameInvalid"
    case manifestNameTooLong = "ManifestNameTooLong"
    case manifestNotFound = "ManifestNotFound"
    case manifestAccessDenied = "ManifestAccessDenied"
    case manifestCorrupted = "ManifestCorrupted"
    case manifestFormatInvalid = "ManifestFormatInvalid"
    case manifestDriveIdMismatch = "ManifestDriveIdMismatch"
    case readManifestFailed = "ReadManifestFailed"
    case blobListFormatInvalid = "BlobListFormatInvalid"
    case blobRequestForbidden = "BlobRequestForbidden"
    case internalError = "InternalError"

    /// True for `Completed`, `CompletedWithWarnings`, `CompletedWithErrors`.
    public var copyRan: Bool { self == .completed || self == .completedWithWarnings || self == .completedWithErrors }

    /// The failure state (Preview label, states.md §4.2) a failed drive shows, nil when the copy
    /// ran. Where §4.2 lists a code under several labels we pick the one its meaning names:
    /// `DiskOperationFailed` ("unknown failure") → Failed; `BlobRequestForbidden` → Blob access
    /// forbidden on export, Storage account not accessible on import.
    public func failureState(isExport: Bool) -> DriveFailureState? {
        switch self {
        case .completed, .completedWithWarnings, .completedWithErrors: nil
        case .diskNotFound: .hardwareError
        case .volumeNotNtfs: .ntfsVolumeNotFound
        case .diskOperationFailed, .internalError: .failed
        case .bitLockerVolumeNotFound, .bitLockerNotActivated: .bitLockerVolumeNotFound
        case .bitLockerProtectorNotFound, .bitLockerKeyInvalid: .bitLockerKeyInvalid
        case .bitLockerUnlockVolumeFailed, .bitLockerFailed: .bitLockerUnlockVolumeFailed
        case .manifestNameInvalid, .manifestNameTooLong, .manifestNotFound, .manifestAccessDenied,
             .manifestCorrupted, .manifestFormatInvalid, .manifestDriveIdMismatch, .readManifestFailed:
            .manifestFileError
        case .blobListFormatInvalid: .exportBlobListFormatInvalid
        case .blobRequestForbidden: isExport ? .blobAccessForbidden : .storageAccountNotAccessible
        }
    }
}
