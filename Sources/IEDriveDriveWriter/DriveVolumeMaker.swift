public import IEDriveCore
public import IEDriveBitLocker
public import IEDriveExport

/// Makes the volume of an export drive (or a test drive): BitLocker with a recovery-password
/// protector, or plain; NTFS on it; mounted read-write for files. The drive's whole size,
/// from `volumeOffset` on, becomes the volume.
public enum DriveVolumeMaker {
    public enum Encryption: Sendable {
        case none
        case bitLocker(BitLockerCipher, RecoveryPassword)
    }

    /// A made volume: its plaintext view and, for BitLocker, its layout.
    public struct Made {
        public let volume: PlaintextVolume
        public let bitLocker: BitLockerLayout?
    }

    public static func make(fd: Int32, volumeOffset: UInt64 = 0, size: UInt64, encryption: Encryption, label: String,
                            description: String, scratchDirectory: String) throws(DriveWriteError) -> Made {
        let made: Made
        switch encryption {
        case .none:
            made = Made(volume: try PlaintextVolume(fd: fd, volumeOffset: volumeOffset, dataSize: size & ~4095, key: nil),
                        bitLocker: nil)
        case .bitLocker(let cipher, let password):
            let created: CreatedBitLockerVolume
            do {
                created = try BitLockerFormatter.create(fd: fd, volumeOffset: volumeOffset, volumeSize: size, cipher: cipher,
                                                        recoveryPassword: password, description: description)
            } catch {
                if case .device(let detail) = error { throw .device(errno: 5, offset: 0, detail: detail) }
                throw .bitLocker(error.description)
            }
            let layout = created.layout
            made = Made(volume: try PlaintextVolume(fd: fd, volumeOffset: volumeOffset, dataSize: layout.dataSize,
                                                    key: created.revealedFVEK, headerSize: BitLockerLayout.headerSize,
                                                    headerOffset: layout.headerOffset),
                        bitLocker: layout)
        }
        try NTFSFormatter.format(made.volume, label: label, scratchDirectory: scratchDirectory)
        return made
    }
}
