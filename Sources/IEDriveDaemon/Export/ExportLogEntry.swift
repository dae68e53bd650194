import IEDriveCore
import IEDriveExport

/// An export drive's results in drive-log terms (drive-logs.md §5): each blob a `Blob` entry,
/// the drive a status.
enum ExportLogEntry {
    /// The entry of a blob the drive was offered; nil for one that did not fit (it is not an
    /// error of this drive: the incomplete blob list names it).
    static func blob(_ blob: ExportedBlob) -> DriveLogBlob? {
        let status: BlobStatus
        switch blob.status {
        case .completed: status = .completed
        case .unsupportedData: status = .fileNameInvalid
        case .blobRequestFailed: status = .blobRequestFailed
        case .didNotFit: return nil
        }
        return DriveLogBlob(status: status, blobPath: blob.path.text, filePath: blob.filePath ?? "", length: blob.length)
    }

    /// `Completed` when every blob is on the drive; `CompletedWithErrors` when a blob could not
    /// be written (a name NTFS cannot hold, the store refused it); `CompletedWithWarnings` when
    /// the only blobs missing did not fit (they are in the incomplete blob list).
    static func driveStatus(of summary: ExportSummary) -> DriveStatus {
        let missing = summary.incomplete
        if missing.isEmpty { return .completed }
        return missing.allSatisfy { $0.status == .didNotFit } ? .completedWithWarnings : .completedWithErrors
    }
}
