public import IEDriveCore
internal import IEDriveBitLocker
public import IEDriveExport
internal import IEDriveSystem

/// A plaintext volume image made into a BitLocker volume (test drives and benchmarks:
/// `iedrive bitlocker-encrypt`, run in the writer process): the image's data extents
/// encrypted into the volume's data area, its holes left unwritten.
public enum ImageEncrypter {
    /// The data area of a BitLocker volume of `volumeSize` bytes made by the writer.
    public static func dataSize(volumeSize: UInt64) throws(DriveWriteError) -> UInt64 {
        do {
            return try BitLockerLayout(volumeSize: volumeSize).dataSize
        } catch {
            throw .bitLocker(error.description)
        }
    }

    /// Encrypts `plainFD` (size `plainSize`) onto `outputFD` (its whole size) with a new
    /// BitLocker volume protected by `password`.
    public static func run(plainFD: Int32, plainSize: UInt64, outputFD: Int32, cipher: BitLockerCipher,
                           password: RecoveryPassword) throws(DriveWriteError) {
        do {
            let size = try SystemCall.seekToEnd(outputFD, subject: "the output")
            let layout = try BitLockerLayout(volumeSize: size)
            guard plainSize <= layout.dataSize else {
                throw DriveWriteError.full(detail: "the plaintext has \(plainSize) bytes; a BitLocker volume of \(size) bytes holds \(layout.dataSize)")
            }
            let created = try BitLockerFormatter.create(fd: outputFD, volumeSize: size, cipher: cipher, recoveryPassword: password,
                                                        description: "iedrive test drive")
            let volume = try PlaintextVolume(fd: outputFD, dataSize: created.layout.dataSize, key: created.revealedFVEK,
                                             headerSize: BitLockerLayout.headerSize, headerOffset: created.layout.headerOffset)
            try volume.copyDataExtents(of: plainFD, size: plainSize, subject: "the plaintext")
        } catch let error as DriveWriteError {
            throw error
        } catch let error as BitLockerWriteError {
            throw .bitLocker(error.description)
        } catch {
            throw .device(errno: 5, offset: 0, detail: "\(error)")
        }
    }
}
