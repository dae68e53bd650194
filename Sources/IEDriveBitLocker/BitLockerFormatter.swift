public import IEDriveCore
public import IEDriveSystem

/// A BitLocker volume iedrive has just created: where its parts are, its cipher, and the
/// FVEK that encrypts its sectors (a secret: it goes to the sector writer and nowhere else).
public struct CreatedBitLockerVolume: Sendable {
    public let layout: BitLockerLayout
    public let cipher: BitLockerCipher
    /// The full-volume encryption key (data key then tweak key).
    public let revealedFVEK: [UInt8]
}

/// Creates BitLocker volumes of iedrive's own: fresh FVEK, VMK, salt and GUIDs from OpenSSL's
/// CSPRNG, one recovery-password protector, the FVE boot sector and three identical metadata
/// blocks (see `BitLockerLayout`). The file system is written afterwards, through the
/// sector cipher, by whoever holds the returned FVEK.
public enum BitLockerFormatter {
    /// A fresh recovery password (16 random bytes from OpenSSL, 8 groups of ×11).
    public static func newRecoveryPassword() throws(BitLockerWriteError) -> RecoveryPassword {
        RecoveryPassword(keyBytes: try KeyCrypto.randomBytes(16))
    }

    /// Writes the BitLocker structures of a volume of `volumeSize` bytes at `volumeOffset` of
    /// `fd` (open read-write). Takes about a quarter second of CPU (key stretching).
    public static func create(fd: Int32, volumeOffset: UInt64 = 0, volumeSize: UInt64, cipher: BitLockerCipher,
                              recoveryPassword: RecoveryPassword, description: String,
                              now: UInt64 = UInt64(max(0, SystemClock.realtimeNanoseconds() / 1_000_000_000))) throws(BitLockerWriteError) -> CreatedBitLockerVolume {
        let layout = try BitLockerLayout(volumeSize: volumeSize)
        let secrets = FVEMetadata.Secrets(
            fvek: try freshKey(count: cipher.keyLength),
            vmk: try KeyCrypto.randomBytes(32),
            salt: try KeyCrypto.randomBytes(16),
            volumeGUID: try KeyCrypto.randomBytes(16),
            protectorGUID: try KeyCrypto.randomBytes(16),
            created: (now + 11_644_473_600) * 10_000_000)
        let metadata = FVEMetadata(layout: layout, cipher: cipher, recoveryPassword: recoveryPassword, secrets: secrets,
                                   description: description)
        let block = try metadata.block()
        try write(FVEBootSector.bytes(layout: layout), fd: fd, at: volumeOffset)
        // Sectors 1–15 are never read by any reader; zero them so nothing older shows through.
        try write([UInt8](repeating: 0, count: 15 * BitLockerLayout.sectorSize), fd: fd, at: volumeOffset + 512)
        for offset in layout.metadataOffsets {
            try write(block, fd: fd, at: volumeOffset + offset)
        }
        return CreatedBitLockerVolume(layout: layout, cipher: cipher, revealedFVEK: secrets.fvek)
    }

    /// XTS refuses a key whose two halves are equal; random halves never are, but check.
    private static func freshKey(count: Int) throws(BitLockerWriteError) -> [UInt8] {
        for _ in 0..<4 {
            let key = try KeyCrypto.randomBytes(count)
            if key[..<(count / 2)] != key[(count / 2)...] { return key }
        }
        throw .crypto("the random generator returned equal key halves")
    }

    private static func write(_ bytes: [UInt8], fd: Int32, at offset: UInt64) throws(BitLockerWriteError) {
        var failure: SystemCallError?
        bytes.withUnsafeBytes { raw in
            do throws(SystemCallError) {
                try SystemCall.pwriteAll(fd, raw, at: offset, subject: "the BitLocker volume")
            } catch {
                failure = error
            }
        }
        if let failure { throw .device("writing \(bytes.count) bytes at \(offset): \(failure)") }
    }
}
