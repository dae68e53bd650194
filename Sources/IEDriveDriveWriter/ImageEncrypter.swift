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
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
            defer { buffer.deallocate() }
            for extent in try SystemCall.dataExtents(plainFD, size: plainSize, subject: "the plaintext") {
                var done: UInt64 = 0
                while done < extent.length {
                    let piece = Int(min(UInt64(buffer.count), extent.length - done))
                    let got = try SystemCall.pread(plainFD, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<piece]),
                                                   at: extent.offset + done, subject: "the plaintext")
                    guard got > 0 else { break }
                    try volume.write(UnsafeRawBufferPointer(rebasing: buffer[0..<got]), at: extent.offset + done)
                    done += UInt64(got)
                }
            }
            try volume.sync()
        } catch let error as DriveWriteError {
            throw error
        } catch let error as BitLockerWriteError {
            throw .bitLocker(error.description)
        } catch {
            throw .device(errno: 5, offset: 0, detail: "\(error)")
        }
    }
}
