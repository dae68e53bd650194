internal import CNTFS3G
internal import CReaderSupport
public import IEDriveCore
import IEDriveSystem

/// An NTFS volume mounted read-only by libntfs-3g, in-process: no FUSE, no mount table.
///
/// Owns the volume, the block source it reads (a byte range of the device descriptor, or a
/// BitLocker volume it also owns) and, for BitLocker, the dislocker context. libntfs-3g is
/// not thread-safe: use a volume, and what it hands out, on one thread.
public final class NTFSVolume {
    let handle: UnsafeMutablePointer<ntfs_volume>
    let device: VolumeDevice
    private let bitLocker: BitLockerVolume?
    public let info: VolumeInfo
    /// Where the volume starts on the device descriptor, when its bytes lie there as they are
    /// (not BitLocker): what ``extents(of:)`` adds to its cluster offsets.
    let plainOffset: UInt64?

    /// The NTFS `size` bytes (nil: to the end of the device) at `offset` of `deviceFD`, which
    /// stays the caller's and must stay open while this volume lives.
    public init(deviceFD: Int32, offset: UInt64 = 0, size: UInt64? = nil) throws(ReaderFailure) {
        let device = try VolumeDevice(fd: deviceFD, offset: offset, size: size)
        handle = try Self.mount(device)
        self.device = device
        bitLocker = nil
        plainOffset = offset
        info = Self.info(handle, encrypted: false, unlockMilliseconds: 0)
    }

    /// The NTFS inside an unlocked BitLocker volume, which this volume now owns.
    public init(bitLocker: consuming BitLockerVolume) throws(ReaderFailure) {
        let device = try VolumeDevice(bitLocker: bitLocker)
        handle = try Self.mount(device)
        self.device = device
        plainOffset = nil
        info = Self.info(handle, encrypted: true, unlockMilliseconds: bitLocker.unlockMilliseconds)
        self.bitLocker = consume bitLocker
    }

    deinit {
        // Closes and frees the ntfs_device; the block source and the dislocker context go
        // after, when the stored properties end.
        _ = ntfs_umount(handle, FALSE)
    }

    private static func mount(_ device: borrowing VolumeDevice) throws(ReaderFailure) -> UnsafeMutablePointer<ntfs_volume> {
        NTFSLog.install()
        device.clearReadError()
        guard let ntfsDevice = iedrive_block_source_ntfs_device(device.source, "iedrive-volume") else {
            throw ReaderFailure(.internalError, "Out of memory.", errno: Errno.noMemory.rawValue)
        }
        guard let volume = ntfs_device_mount(ntfsDevice, ntfs_mount_flags(NTFS_MNT_RDONLY)) else {
            let error = Errno.lastFromCLibrary.rawValue
            _ = iedrive_ntfs_device_release(ntfsDevice)   // ntfs_device_mount leaves it to us
            throw mountFailure(device, errno: error)
        }
        // ntfs_mount does this; ntfs_device_mount does not, and reading needs the caches.
        ntfs_create_lru_caches(volume)
        return volume
    }

    private static func mountFailure(_ device: borrowing VolumeDevice, errno error: Int32) -> ReaderFailure {
        if let failure = device.readFailure(while: "mounting NTFS") { return failure }
        switch Errno(rawValue: error) {
        case .invalidArgument:
            // "NTFS signature is missing", or a boot sector that fails its sanity checks.
            let kind = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 16) { buffer in
                let got = device.read(into: buffer, at: 0) ?? 0
                return BootSectorKind(UnsafeRawBufferPointer(rebasing: buffer[..<got]))
            }
            if kind == .ntfs {
                return ReaderFailure(.ntfsCorrupt,
                                     "The NTFS boot sector is damaged, or the NTFS is larger than the device holding it (a truncated image, a wrong partition size) (\(Errno(rawValue: error))).",
                                     errno: error)
            }
            return ReaderFailure(.ntfsNotFound, "The volume holds no NTFS: it holds \(kind.holds).", errno: error)
        case .noMemory:
            return ReaderFailure(.internalError, "Out of memory while mounting NTFS.", errno: error)
        default:
            return ReaderFailure(.ntfsCorrupt,
                                 "The NTFS will not mount: its metadata ($MFT, $MFTMirr, $Volume …) is damaged or cut short (\(Errno(rawValue: error))).",
                                 errno: error)
        }
    }

    private static func info(_ volume: UnsafeMutablePointer<ntfs_volume>, encrypted: Bool,
                             unlockMilliseconds: UInt32) -> VolumeInfo {
        let ntfs = volume.pointee
        return VolumeInfo(volumeSize: UInt64(max(0, ntfs.nr_clusters)) * UInt64(ntfs.cluster_size),
                          clusterSize: ntfs.cluster_size,
                          sectorSize: UInt32(ntfs.sector_size),
                          label: ntfs.vol_name.map { String(cString: $0) } ?? "",
                          encrypted: encrypted,
                          unlockMilliseconds: unlockMilliseconds)
    }
}
