/// One entry of a disk's partition table as libblkid reads it.
public struct PartitionEntry: Sendable, Hashable, Codable {
    /// Partition number as the table numbers it (1-based).
    public var number: Int
    /// Byte offset of the partition from the start of the disk.
    public var offset: UInt64
    /// Length in bytes.
    public var size: UInt64
    /// GPT: the type GUID (lower case); DOS: the type byte as `0x7`.
    public var type: String
    /// GPT partition name; nil for DOS.
    public var label: String?
    /// GPT partition GUID, or the DOS `<disk id>-<number>` form libblkid gives.
    public var uuid: String?
    /// DOS extended (container) partition.
    public var isExtended: Bool

    public init(number: Int, offset: UInt64, size: UInt64, type: String, label: String? = nil,
                uuid: String? = nil, isExtended: Bool = false) {
        self.number = number
        self.offset = offset
        self.size = size
        self.type = type
        self.label = label
        self.uuid = uuid
        self.isExtended = isExtended
    }
}

/// Partition types that never hold the customer's data volume (spec: "only the first data
/// volume of the disk is processed").
public enum PartitionRole: Sendable, Equatable {
    case data
    case container      // DOS extended partition
    case system(String) // EFI system, Microsoft reserved, recovery, BIOS boot …

    public init(type: String) {
        switch type.lowercased() {
        case "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "0xef": self = .system("EFI system partition")
        case "e3c9e316-0b5c-4db8-817d-f92df00215ae": self = .system("Microsoft reserved partition")
        case "de94bba4-06d1-4d40-a16a-bfd50179d6ac", "0x27": self = .system("Windows recovery partition")
        case "21686148-6449-6e6f-744e-656564454649": self = .system("BIOS boot partition")
        case "5808c8aa-7e8f-42e0-85d2-e1e90434cfb3", "0x42": self = .system("LDM (dynamic disk) metadata")
        case "0x5", "0xf", "0x85": self = .container
        default: self = .data
        }
    }
}
