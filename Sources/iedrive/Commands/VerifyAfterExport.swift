import IEDriveCore
import IEDriveDaemon
import IEDriveCopy
import IEDriveVolumes

/// `export --verify`: the drive just written, reopened like `verify --full` (reader process,
/// libdislocker, read-only) against the manifest the export wrote.
enum VerifyAfterExport {
    static func run(device: String, password: RecoveryPassword, manifest: String, driveID: String,
                    reader: ReaderConfiguration) async throws -> String {
        let request = DriveSessionRequest(devicePath: device, recoveryPassword: password, allowUnencrypted: false,
                                          mappedReads: false)
        let options = VerifyOptions(manifestFile: manifest, full: true, driveID: driveID)
        var problems: [String] = []
        let outcome: (value: VerifySummary, reader: ReaderUsage)
        do {
            outcome = try await ReaderSessions(reader: reader).withOpenedDrive(request) { drive in
                try await DriveVerifier(volume: drive.volume, options: options).run(identified: { _ in }) { check in
                    if check.status != .completed, problems.count < 20 { problems.append("\(check.status.rawValue) \(check.blob.blobPathText)") }
                }
            }
        } catch DriveOpeningError.drive(let failure) {
            throw CommandFailure("verify after export: \(failure.state.label): \(failure.reason)", status: ExitStatus.driveFailed)
        } catch let failure as DriveFailure {
            throw CommandFailure("verify after export: \(failure.state.label): \(failure.reason)", status: ExitStatus.driveFailed)
        }
        let summary = outcome.value
        guard summary.driveStatus == .completed else {
            throw CommandFailure("verify after export: \(summary.driveStatus.rawValue): \(problems.joined(separator: "; "))",
                                 status: ExitStatus.driveFailed)
        }
        return "\(summary.blobsCompleted) blobs, \(summary.bytesVerified) bytes match the manifest"
    }
}
