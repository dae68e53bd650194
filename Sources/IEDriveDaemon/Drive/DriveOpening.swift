public import IEDriveCore
public import IEDriveVolumes
import IEDriveDevices

/// What a drive needs to be opened: where it is, its key, and what is acceptable.
public struct DriveOpeningRequest: Sendable {
    public var devicePath: String
    /// The job's recovery password; nil for a plain NTFS drive (with `allowUnencrypted`).
    public var recoveryPassword: RecoveryPassword?
    public var allowUnencrypted: Bool
    public var reader: ReaderConfiguration

    public init(devicePath: String, recoveryPassword: RecoveryPassword?, allowUnencrypted: Bool,
                reader: ReaderConfiguration) {
        self.devicePath = devicePath
        self.recoveryPassword = recoveryPassword
        self.allowUnencrypted = allowUnencrypted
        self.reader = reader
    }
}

/// A drive open for reading: its probe, the volume chosen, and the reader serving it.
public struct OpenedDrive: Sendable {
    public var report: ProbeReport
    public var verdict: DriveVerdict
    public var volume: VolumeInfo
    public var reader: ReaderClient
}

/// Why a drive could not be opened: a drive failure (the drive's fault, with its state), or
/// a host problem (the device cannot be opened, the reader program is missing).
public enum DriveOpeningError: Error, Sendable, CustomStringConvertible {
    case drive(DriveFailure)
    case host(String)

    public var description: String {
        switch self {
        case .drive(let failure): failure.description
        case .host(let message): message
        }
    }
}

/// Step one and two of the pipeline: probe with libblkid (in this process: it only reads a
/// few sectors and is safe on hostile media), decide which volume to open, then start the
/// drive's reader process and unlock/mount there.
public enum DriveOpener {
    public static func open(_ request: DriveOpeningRequest) async throws(DriveOpeningError) -> OpenedDrive {
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
                throw .host(error.description)
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
        let reader: ReaderClient
        do {
            reader = try await ReaderClient.launch(devicePath: request.devicePath, configuration: request.reader)
        } catch let failure as ReaderFailure {
            throw .drive(DriveFailure(failure))
        } catch {
            throw .host("\(error)")
        }
        do {
            let volume = try await reader.open(VolumeOpening(offset: offset, size: size, encryption: encryption))
            return OpenedDrive(report: report, verdict: verdict, volume: volume, reader: reader)
        } catch {
            reader.kill()
            _ = await reader.close()
            if let failure = error as? ReaderFailure {
                throw .drive(DriveFailure(failure))
            }
            throw .host("\(error)")
        }
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
