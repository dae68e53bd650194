/// Everything one probe of a device or image learned: size, partition table, the signatures
/// on the whole device and in each partition, and udev facts. An immutable snapshot; the
/// verdict is derived from it by `DriveVerdict.evaluate`.
public struct ProbeReport: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        case blockDevice
        case imageFile
    }

    /// The path as given.
    public var path: String
    public var source: Source
    /// Size in bytes.
    public var size: UInt64
    /// Logical sector size in bytes (512 for image files).
    public var sectorSize: Int
    /// libblkid's name for the partition table (`gpt`, `dos` …); nil when there is none.
    public var partitionTable: String?
    /// Disk GUID (GPT) or disk identifier (DOS).
    public var partitionTableUUID: String?
    /// Why the partition table cannot be trusted, when it cannot (e.g. a DOS table with no
    /// partitions: the 0x55AA of a truncated NTFS boot sector).
    public var partitionTableDamage: String?
    public var partitions: [PartitionEntry]
    /// Every signature found, whole device first, then partitions in table order.
    public var volumes: [VolumeSignature]
    /// udev facts for a block device; nil for an image file.
    public var device: DeviceFacts?

    public init(path: String, source: Source, size: UInt64, sectorSize: Int,
                partitionTable: String? = nil, partitionTableUUID: String? = nil,
                partitionTableDamage: String? = nil, partitions: [PartitionEntry] = [],
                volumes: [VolumeSignature] = [], device: DeviceFacts? = nil) {
        self.path = path
        self.source = source
        self.size = size
        self.sectorSize = sectorSize
        self.partitionTable = partitionTable
        self.partitionTableUUID = partitionTableUUID
        self.partitionTableDamage = partitionTableDamage
        self.partitions = partitions
        self.volumes = volumes
        self.device = device
    }

    /// Signatures found in partition `number` (nil: on the whole device).
    public func volumes(inPartition number: Int?) -> [VolumeSignature] {
        volumes.filter { $0.partition == number }
    }
}
