/// What the device monitor saw of one whole disk carrying a medium, copied out of udev and
/// sysfs into a plain value before it leaves the monitor. Immutable evidence: a later event
/// makes a new snapshot, never changes this one.
public struct DeviceSnapshot: Sendable, Hashable, Codable {
    /// Device node, e.g. `/dev/loop3`, `/dev/sdb`.
    public var devicePath: String
    /// sysfs path, e.g. `/sys/devices/virtual/block/loop3`.
    public var sysPath: String
    /// Kernel name, e.g. `loop3`, `sdb` (the directory under `/sys/block`).
    public var sysName: String
    public var deviceNumber: DeviceNumber
    /// Kernel disk sequence number (udev `DISKSEQ`, else sysfs `diskseq`).
    public var diskSequence: UInt64?
    /// Size in bytes (sysfs `size` × 512); never 0 in a snapshot.
    public var sizeBytes: UInt64
    /// sysfs `ro`: the kernel refuses writes to this device (a `losetup -r` loop device).
    public var isReadOnly: Bool
    /// Hardware serial: udev `ID_SERIAL_SHORT`, else `ID_SERIAL`, else sysfs `serial` /
    /// `device/serial`. nil for loop devices.
    public var serial: String?
    /// udev `ID_MODEL`, else sysfs `device/model`.
    public var model: String?
    /// Loop devices: sysfs `loop/backing_file`, as the kernel prints it.
    public var loopBackingFile: String?
    public var isLoop: Bool
    /// Whether udevd had recorded the device when it was read (udev `ID_*` properties are
    /// available). With the kernel event source this follows udevd's progress, if one runs:
    /// it may read true (an earlier record) and then false while udevd redoes it.
    public var udevInitialized: Bool

    public init(devicePath: String, sysPath: String, sysName: String, deviceNumber: DeviceNumber,
                diskSequence: UInt64?, sizeBytes: UInt64, isReadOnly: Bool, serial: String? = nil,
                model: String? = nil, loopBackingFile: String? = nil, isLoop: Bool,
                udevInitialized: Bool = false) {
        self.devicePath = devicePath
        self.sysPath = sysPath
        self.sysName = sysName
        self.deviceNumber = deviceNumber
        self.diskSequence = diskSequence
        self.sizeBytes = sizeBytes
        self.isReadOnly = isReadOnly
        self.serial = serial
        self.model = model
        self.loopBackingFile = loopBackingFile
        self.isLoop = isLoop
        self.udevInitialized = udevInitialized
    }

    /// The medium this snapshot shows.
    public var key: MediumKey { MediumKey(deviceNumber: deviceNumber, diskSequence: diskSequence) }
}
