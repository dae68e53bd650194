internal import IEDriveCore

extension BitLockerCipher {
    /// The encryption method in the metadata (dataset header and FVEK key datum).
    var method: UInt16 { self == .xtsAES128 ? 0x8004 : 0x8005 }
}

/// One FVE metadata block of a volume iedrive writes (version 2, as Windows 7 and later
/// write it): block header, dataset header and the datums a recovery-password volume needs —
/// description, the recovery-password VMK (stretch key with salt, VMK sealed with AES-CCM
/// under the stretched key), the FVEK sealed under the VMK, the relocated header's place —
/// then the CRC32 validation and, as Windows adds it, the block's SHA-256 sealed under the VMK.
/// The same 64 KiB go to all three metadata offsets.
struct FVEMetadata {
    /// The volume-type GUID of a normal (not EOW) BitLocker volume, as stored.
    static let volumeTypeGUID: [UInt8] = [0x3B, 0xD6, 0x67, 0x49, 0x29, 0x2E, 0xD8, 0x4A,
                                          0x83, 0x99, 0xF6, 0xA3, 0x39, 0xE3, 0xD0, 0x01]

    /// Fresh secrets and identifiers of one volume.
    struct Secrets {
        var fvek: [UInt8]
        var vmk: [UInt8]
        var salt: [UInt8]
        var volumeGUID: [UInt8]
        var protectorGUID: [UInt8]
        var created: UInt64   // FILETIME
    }

    let layout: BitLockerLayout
    let cipher: BitLockerCipher
    let recoveryPassword: RecoveryPassword
    let secrets: Secrets
    let description: String

    /// The 64 KiB block.
    func block() throws(BitLockerWriteError) -> [UInt8] {
        let stretched = KeyCrypto.stretch(initial: KeyCrypto.sha256(recoveryPassword.revealedKeyBytes), salt: secrets.salt)
        var datums = ByteWriter()
        datums.append(descriptionDatum())
        datums.append(try vmkDatum(stretched: stretched))
        datums.append(try sealedDatum(entry: 3, key: secrets.vmk, counter: 2,
                                      payload: keyDatum(method: cipher.method, key: secrets.fvek)))
        datums.append(volumeHeaderDatum())

        let datasetSize = UInt32(0x30 + datums.count)
        var block = ByteWriter()
        block.append(Array("-FVE-FS-".utf8))
        let size16 = UInt16((0x40 + Int(datasetSize) + 15) / 16)
        block.u16(size16)
        block.u16(2)                              // version
        block.u16(4)                              // current state: encrypted
        block.u16(4)                              // next state
        block.u64(layout.volumeSize)              // encrypted volume size: dislocker's volume size
        block.u32(0)                              // convert size
        block.u32(layout.headerSectors)           // nb_backup_sectors
        for offset in layout.metadataOffsets { block.u64(offset) }
        block.u64(layout.headerOffset)
        // Dataset header.
        block.u32(datasetSize)
        block.u32(1)
        block.u32(0x30)
        block.u32(datasetSize)
        block.append(secrets.volumeGUID)
        block.u32(4)                              // next nonce counter (1–3 are used)
        block.u16(cipher.method)
        block.u16(0)
        block.u64(secrets.created)
        block.append(datums.bytes)
        block.pad(to: 16)
        precondition(block.count == Int(size16) * 16)

        // Validation: {64 KiB − block length, version 2, CRC32 of the block}, then Windows'
        // SHA-256 of the block sealed under the VMK (no reader checks it; Windows writes it).
        let crc = CRC32.checksum(block.bytes)
        let digest = KeyCrypto.sha256(block.bytes)
        block.u16(UInt16(truncatingIfNeeded: 0x10000 - block.count))
        block.u16(2)
        block.u32(crc)
        block.append(try sealedDatum(entry: 0, key: secrets.vmk, counter: 3, payload: keyDatum(method: 0x2005, key: digest),
                                     timeFlag: 1 << 63))
        block.zeros(Int(BitLockerLayout.metadataSize) - block.count)
        return block.bytes
    }

    /// A KEY value (type 1) as the payload of an AES-CCM datum: version 0 inside encryption.
    private func keyDatum(method: UInt16, key: [UInt8]) -> [UInt8] {
        var datum = ByteWriter()
        datum.u16(UInt16(12 + key.count))
        datum.u16(0)        // entry: property
        datum.u16(1)        // value: key
        datum.u16(0)
        datum.u16(method)
        datum.u16(0)
        datum.append(key)
        return datum.bytes
    }

    private func nonce(counter: UInt32, timeFlag: UInt64 = 0) -> [UInt8] {
        var nonce = ByteWriter()
        nonce.u64(secrets.created | timeFlag)
        nonce.u32(counter)
        return nonce.bytes
    }

    /// An AES-CCM datum (value 5): nonce, tag, ciphertext.
    private func sealedDatum(entry: UInt16, key: [UInt8], counter: UInt32, payload: [UInt8],
                             timeFlag: UInt64 = 0) throws(BitLockerWriteError) -> [UInt8] {
        let nonce = nonce(counter: counter, timeFlag: timeFlag)
        let sealed = try KeyCrypto.seal(payload, key: key, nonce: nonce)
        var datum = ByteWriter()
        datum.u16(UInt16(0x24 + payload.count))
        datum.u16(entry)
        datum.u16(5)
        datum.u16(1)
        datum.append(nonce)
        datum.append(sealed.tag)
        datum.append(sealed.ciphertext)
        return datum.bytes
    }

    /// The recovery-password VMK (entry 2, value 8, protection 0x0800). Every nested datum has
    /// entry type 0 (cryptsetup refuses the device otherwise).
    private func vmkDatum(stretched: [UInt8]) throws(BitLockerWriteError) -> [UInt8] {
        var stretch = ByteWriter()
        stretch.u16(0x1C)
        stretch.u16(0)
        stretch.u16(3)
        stretch.u16(1)
        stretch.u16(0x1000)     // recovery password
        stretch.u16(0)
        stretch.append(secrets.salt)
        let sealedVMK = try sealedDatum(entry: 0, key: stretched, counter: 1, payload: keyDatum(method: 0x2003, key: secrets.vmk))

        var datum = ByteWriter()
        datum.u16(UInt16(0x24 + stretch.count + sealedVMK.count))
        datum.u16(2)
        datum.u16(8)
        datum.u16(1)
        datum.append(secrets.protectorGUID)
        datum.u64(secrets.created)
        datum.u16(0)
        datum.u16(0x0800)
        datum.append(stretch.bytes)
        datum.append(sealedVMK)
        return datum.bytes
    }

    /// The description (entry 7, UTF-16LE, NUL-terminated), as `manage-bde` shows it.
    private func descriptionDatum() -> [UInt8] {
        var text = ByteWriter()
        for unit in description.utf16 { text.u16(unit) }
        text.u16(0)
        var datum = ByteWriter()
        datum.u16(UInt16(8 + text.count))
        datum.u16(7)
        datum.u16(2)
        datum.u16(1)
        datum.append(text.bytes)
        return datum.bytes
    }

    /// Where the relocated NTFS boot area is (entry 0xF, value 0xF: offset and size).
    private func volumeHeaderDatum() -> [UInt8] {
        var datum = ByteWriter()
        datum.u16(0x18)
        datum.u16(0xF)
        datum.u16(0xF)
        datum.u16(1)
        datum.u64(layout.headerOffset)
        datum.u64(BitLockerLayout.headerSize)
        return datum.bytes
    }
}
