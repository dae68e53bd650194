public import IEDriveCore

/// The checks of drive-manifest.md §9 that come before the manifest is read: is the
/// `manifestFile` path usable, and (after validation) is the manifest about this drive.
public enum ManifestFileCheck {
    /// Longest `manifestFile` path, in UTF-16 code units (§9, suggested; Windows' MAX_PATH).
    public static let maxPathLength = 260

    /// The drive-relative path of `manifestFile` (`\DriveManifest.xml`), or the drive status
    /// that fails the drive: `ManifestNameTooLong` over 260 characters (or a component over
    /// 255), `ManifestNameInvalid` for anything else `DriveRelativePath` refuses.
    public static func path(_ manifestFile: String) -> Result<DriveRelativePath, StatusProblem<DriveStatus>> {
        do {
            return .success(try DriveRelativePath.parse(manifestFile, maxLength: maxPathLength))
        } catch {
            let status: DriveStatus = error.isLength ? .manifestNameTooLong : .manifestNameInvalid
            return .failure(StatusProblem(status: status, message: "manifestFile '\(manifestFile)': \(error)", element: "manifestFile"))
        }
    }

    /// `ManifestDriveIdMismatch` when the manifest describes another drive, else nil.
    public static func driveId(of header: ManifestHeader, driveSerial: String) -> DriveStatus? {
        header.driveIdProblem(driveSerial: driveSerial)
    }
}
