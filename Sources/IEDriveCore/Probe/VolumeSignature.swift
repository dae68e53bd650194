/// One signature (filesystem, crypto container …) libblkid found on the whole device or
/// inside a partition. Values are libblkid's, unchanged: `type` is `ntfs`, `BitLocker`, `ext4`.
public struct VolumeSignature: Sendable, Hashable, Codable {
    /// Partition number the signature was found in; nil for the whole device.
    public var partition: Int?
    /// Byte offset of the probed area from the start of the device.
    public var offset: UInt64
    /// libblkid TYPE; nil only for an ambivalent candidate list entry without one.
    public var type: String?
    /// libblkid USAGE (`filesystem`, `crypto`, `raid` …).
    public var usage: String?
    public var version: String?
    public var label: String?
    public var uuid: String?
    /// libblkid SEC_TYPE (e.g. `ext2` beside `ext4`).
    public var secondaryType: String?
    /// libblkid BLOCK_SIZE, when the prober reports it.
    public var blockSize: UInt64?
    /// The superblock magic, printable characters as is, other bytes as `\xNN`.
    public var magic: String?
    public var magicOffset: UInt64?
    /// True when the superblock checksum is bad (libblkid SBBADCSUM).
    public var badChecksum: Bool
    /// True when libblkid found several signatures in the same area and would not choose:
    /// every candidate is then listed with this flag set.
    public var ambivalent: Bool

    public init(partition: Int?, offset: UInt64, type: String?, usage: String? = nil,
                version: String? = nil, label: String? = nil, uuid: String? = nil,
                secondaryType: String? = nil, blockSize: UInt64? = nil, magic: String? = nil,
                magicOffset: UInt64? = nil, badChecksum: Bool = false, ambivalent: Bool = false) {
        self.partition = partition
        self.offset = offset
        self.type = type
        self.usage = usage
        self.version = version
        self.label = label
        self.uuid = uuid
        self.secondaryType = secondaryType
        self.blockSize = blockSize
        self.magic = magic
        self.magicOffset = magicOffset
        self.badChecksum = badChecksum
        self.ambivalent = ambivalent
    }

    public var isBitLocker: Bool { type == "BitLocker" }
    public var isNTFS: Bool { type == "ntfs" }

    /// BitLocker To Go keeps a FAT "discovery volume" boot sector (OEM ID `MSWIN4.1`) in front;
    /// libblkid reports the same TYPE/VERSION for it, only the magic differs.
    /// nil when this is not a BitLocker signature.
    public var isBitLockerToGo: Bool? {
        guard isBitLocker else { return nil }
        return magic?.contains("MSWIN4.1") ?? false
    }
}
