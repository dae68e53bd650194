/// One medium in one device: the device number plus the kernel's disk sequence number
/// (`DISKSEQ`, kernel ≥ 5.15), which changes whenever the medium changes (a loop device
/// re-attached, a card swapped). Without a disk sequence (older kernels) the key is the
/// device number alone, and a medium change is only seen as a size-0 gap.
public struct MediumKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var deviceNumber: DeviceNumber
    public var diskSequence: UInt64?

    public init(deviceNumber: DeviceNumber, diskSequence: UInt64?) {
        self.deviceNumber = deviceNumber
        self.diskSequence = diskSequence
    }

    /// `7:3#42`, or `7:3` without a disk sequence.
    public var description: String {
        diskSequence.map { "\(deviceNumber)#\($0)" } ?? deviceNumber.description
    }
}
