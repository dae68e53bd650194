/// Where a BitLocker volume written by iedrive keeps its parts. The file system gets the front
/// of the volume, `dataSize` bytes; BitLocker's own regions sit in the tail, after it:
///
/// ```
/// 0            FVE boot sector (plaintext; the NTFS boot area lives at `headerOffset`)
/// …            the NTFS, XTS-encrypted, tweak = physical sector
/// dataSize     relocated NTFS boot area (8 KiB, encrypted with the tweak of where it is)
/// +64 KiB ×3   FVE metadata blocks 1, 2, 3 (64 KiB each, plaintext, identical)
/// …            ordinary encrypted sectors to the end (cryptsetup 2.6.1 hangs opening a
///              volume whose last BitLocker region ends exactly at the volume's end)
/// ```
///
/// Windows scatters the metadata and reserves it with files inside the NTFS; putting it after
/// the file system's last sector needs no reserve files and is read alike by dislocker,
/// cryptsetup and blkid (the readers take the offsets from the boot sector and metadata).
public struct BitLockerLayout: Sendable, Hashable {
    public static let sectorSize = 512
    public static let headerSize: UInt64 = 8192
    public static let metadataSize: UInt64 = 65536
    /// What the tail takes: header copy and metadata (256 KiB, 64 KiB-aligned) and a margin.
    public static let tailSize: UInt64 = 1 << 20
    /// The smallest volume worth making: NTFS needs a few MiB of its own.
    public static let minimumVolumeSize: UInt64 = 8 << 20

    public let volumeSize: UInt64
    public let dataSize: UInt64
    public let headerOffset: UInt64
    public let metadataOffsets: [UInt64]

    /// The layout of a volume of `volumeSize` bytes (rounded down to 4 KiB).
    public init(volumeSize: UInt64) throws(BitLockerWriteError) {
        let size = volumeSize & ~4095
        guard size >= Self.minimumVolumeSize else {
            throw .geometry("a BitLocker volume needs at least \(Self.minimumVolumeSize >> 20) MiB; this one has \(volumeSize) bytes")
        }
        self.volumeSize = size
        let front = (size - Self.tailSize) & ~65535
        dataSize = front
        headerOffset = front
        metadataOffsets = (1...3).map { front + UInt64($0) * Self.metadataSize }
    }

    /// Sectors of the relocated NTFS boot area (nb_backup_sectors).
    var headerSectors: UInt32 { UInt32(Self.headerSize / UInt64(Self.sectorSize)) }
}
