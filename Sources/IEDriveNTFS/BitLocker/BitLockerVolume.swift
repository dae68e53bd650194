internal import CDislocker
internal import CReaderSupport

/// An unlocked BitLocker volume: owns one libdislocker context, destroyed (under the global
/// lock) when this value ends. Made by ``BitLockerUnlocker``; handed to
/// ``NTFSVolume/init(bitLocker:)``, which reads the decrypted volume through it.
public struct BitLockerVolume: ~Copyable {
    let context: OpaquePointer
    /// Bytes of the decrypted volume.
    public let size: UInt64
    public let sectorSize: UInt32
    /// Time `dis_initialize` took (key stretching), in milliseconds.
    public let unlockMilliseconds: UInt32

    init(context: OpaquePointer, unlockMilliseconds: UInt32) {
        self.context = context
        size = dis_inouts_volume_size(context)
        sectorSize = UInt32(dis_inouts_sector_size(context))
        self.unlockMilliseconds = unlockMilliseconds
    }

    deinit {
        BitLockerUnlocker.withGlobalLock { _ = dis_destroy(context) }
    }
}
