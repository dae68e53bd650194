/// The drive failure states the service shows (shared/spec/states.md §4.2), by their Preview
/// label and token, with the legacy DriveLog status codes each one stands for.
///
/// The raw value is the token (`BitLockerKeyInvalid`); `label` is the text an operator reads
/// ("BitLocker key invalid"). The API reports a failed drive as Classic `CompletedMoreInfo`
/// with `copyStatus` set to the token.
public enum DriveFailureState: String, Sendable, Hashable, CaseIterable, Codable, TokenAndLabel {
    case diskNotReceived = "DiskNotReceived"
    case failed = "Failed"
    case manifestFileError = "ManifestFileError"
    case exportBlobListFormatInvalid = "ExportBlobListFormatInvalid"
    case blobAccessForbidden = "BlobAccessForbidden"
    case unsupportedDisk = "UnsupportedDisk"
    case diskCorrupted = "DiskCorrupted"
    case bitLockerUnlockVolumeFailed = "BitLockerUnlockVolumeFailed"
    case bitLockerVolumeNotFound = "BitLockerVolumeNotFound"
    case bitLockerKeyInvalid = "BitLockerKeyInvalid"
    case hardwareError = "HardwareError"
    case ntfsVolumeNotFound = "NtfsVolumeNotFound"
    case storageAccountNotAccessible = "StorageAccountNotAccessible"
    case unsupportedData = "UnsupportedData"

    /// The exact Preview label of the spec.
    public var label: String {
        switch self {
        case .diskNotReceived: "Disk not received at datacenter"
        case .failed: "Failed"
        case .manifestFileError: "Manifest file error"
        case .exportBlobListFormatInvalid: "Export blob list format invalid"
        case .blobAccessForbidden: "Blob access forbidden"
        case .unsupportedDisk: "Unsupported disk"
        case .diskCorrupted: "Disk corrupted"
        case .bitLockerUnlockVolumeFailed: "BitLocker unlock volume failed"
        case .bitLockerVolumeNotFound: "BitLocker volume not found"
        case .bitLockerKeyInvalid: "BitLocker key invalid"
        case .hardwareError: "Hardware error"
        case .ntfsVolumeNotFound: "NTFS volume not found"
        case .storageAccountNotAccessible: "Storage account not accessible"
        case .unsupportedData: "Unsupported data"
        }
    }
}
