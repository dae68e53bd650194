/// Sector 0 of a BitLocker volume (Windows 7 and later): a FAT32-shaped boot sector with
/// BitLocker's `-FVE-FS-` signature, the volume-type GUID at 0xA0 and the three metadata
/// offsets at 0xB0. The NTFS boot sector it replaces lives, encrypted, at the layout's
/// header offset.
enum FVEBootSector {
    static func bytes(layout: BitLockerLayout) -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: BitLockerLayout.sectorSize)
        func put(_ bytes: [UInt8], at offset: Int) { sector.replaceSubrange(offset..<offset + bytes.count, with: bytes) }
        func putU16(_ value: UInt16, at offset: Int) { put([UInt8(value & 0xFF), UInt8(value >> 8)], at: offset) }
        func putU64(_ value: UInt64, at offset: Int) { put((0..<8).map { UInt8(value >> UInt64(8 * $0) & 0xFF) }, at: offset) }

        put([0xEB, 0x58, 0x90], at: 0)            // the jump blkid and cryptsetup expect (EB 52 90 = Vista)
        put(Array("-FVE-FS-".utf8), at: 3)
        putU16(UInt16(BitLockerLayout.sectorSize), at: 0x0B)
        sector[0x0D] = 8                          // sectors per cluster
        sector[0x15] = 0xF8                       // media: fixed disk
        putU16(63, at: 0x18)                      // sectors per track
        putU16(255, at: 0x1A)                     // heads
        put([0xE0, 0x1F, 0x00, 0x00], at: 0x24)   // FAT32-style fields, as Windows writes them
        put([0x01, 0x00, 0x06, 0x00], at: 0x30)
        // 0x38 stays 0: non-zero would make dislocker read this as a Vista volume.
        put([0x80, 0x00, 0x29], at: 0x40)
        put(Array("NO NAME    FAT32   ".utf8), at: 0x47)
        put(FVEMetadata.volumeTypeGUID, at: 0xA0)
        for (index, offset) in layout.metadataOffsets.enumerated() { putU64(offset, at: 0xB0 + 8 * index) }
        // Not 0x00 or 0x80: otherwise blkid also takes the sector for an empty MBR (PTTYPE="dos").
        sector[0x1BE] = 0x78
        put([0x55, 0xAA], at: 0x1FE)
        return sector
    }
}
