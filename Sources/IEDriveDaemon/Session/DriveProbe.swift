import IEDriveCore
import IEDriveDevices

/// The first step of a drive's session: probe it with libblkid (in this process: it only
/// reads a few sectors and is safe on hostile media) and decide which volume to open, and how.
enum DriveProbe {
    struct Plan {
        var report: ProbeReport
        var verdict: DriveVerdict
        var opening: VolumeOpening
    }

    static func plan(_ request: DriveSessionRequest) throws(DriveOpeningError) -> Plan {
        let report: ProbeReport
        do {
            report = try DeviceProber().probe(path: request.devicePath)
        } catch {
            switch error {
            case .ioError, .probeFailed:
                // libblkid fails its probe when a sector it reads (the device's last ones, for
                // backup labels) cannot be read: the drive's fault, like an I/O error.
                throw .drive(DriveFailure(.hardwareError, status: .diskNotFound, "probing failed: \(error.description)"))
            default:
                throw .host(error.description, .device)
            }
        }
        let verdict = DriveVerdict.evaluate(report, allowUnencrypted: request.allowUnencrypted)
        guard verdict.acceptable, let offset = verdict.volumeOffset else {
            let state = verdict.failure ?? .unsupportedDisk
            throw .drive(DriveFailure(state, status: status(for: state), verdict.reason))
        }
        let signature = report.volumes(inPartition: verdict.partition).first
        let size = verdict.partition.flatMap { number in report.partitions.first { $0.number == number }?.size }
        let encryption: VolumeOpening.Encryption
        if signature?.isBitLocker == true {
            guard let key = request.recoveryPassword else {
                throw .drive(DriveFailure(.bitLockerKeyInvalid, status: .bitLockerKeyInvalid,
                                          "the drive is BitLocker-encrypted and no recovery password was given"))
            }
            encryption = .bitLocker(key)
        } else {
            encryption = .none
        }
        return Plan(report: report, verdict: verdict, opening: VolumeOpening(offset: offset, size: size, encryption: encryption))
    }

    static func status(for state: DriveFailureState) -> DriveStatus {
        switch state {
        case .bitLockerVolumeNotFound: .bitLockerVolumeNotFound
        case .ntfsVolumeNotFound: .volumeNotNtfs
        case .hardwareError: .diskNotFound
        default: .diskOperationFailed
        }
    }
}
