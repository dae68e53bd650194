/// What udev (and sysfs) know about a block device, copied into a plain value.
/// Every field is optional: a loop device has no serial, an uninitialised device no ID_*.
public struct DeviceFacts: Sendable, Hashable, Codable {
    /// Kernel name, e.g. `loop0`, `sdb1`.
    public var sysname: String
    public var devnode: String?
    /// `major:minor`.
    public var devnum: String
    /// `disk` or `partition`.
    public var devtype: String?
    /// Media instance counter (kernel ≥ 5.15); changes whenever the medium changes.
    public var diskseq: UInt64?
    /// Hardware serial (udev ID_SERIAL_SHORT, else ID_SERIAL).
    public var serial: String?
    public var model: String?
    public var vendor: String?
    /// udev ID_BUS (`ata`, `usb`, `scsi` …).
    public var bus: String?
    /// udev ID_WWN_WITH_EXTENSION, else ID_WWN.
    public var wwn: String?
    /// Loop devices: the file behind the device.
    public var backingFile: String?
    /// Loop devices: byte offset into the backing file.
    public var loopOffset: UInt64?
    public var readOnly: Bool?
    public var removable: Bool?
    /// Whether udevd has processed the device (its ID_* properties exist).
    public var udevInitialized: Bool
    /// Partition nodes: their number and the disk they belong to.
    public var partitionNumber: Int?
    public var parentSysname: String?
    /// Where the device (or one of its partitions) is mounted right now.
    public var mountpoints: [String]

    public init(sysname: String, devnode: String? = nil, devnum: String, devtype: String? = nil,
                diskseq: UInt64? = nil, serial: String? = nil, model: String? = nil,
                vendor: String? = nil, bus: String? = nil, wwn: String? = nil,
                backingFile: String? = nil, loopOffset: UInt64? = nil, readOnly: Bool? = nil,
                removable: Bool? = nil, udevInitialized: Bool = false, partitionNumber: Int? = nil,
                parentSysname: String? = nil, mountpoints: [String] = []) {
        self.sysname = sysname
        self.devnode = devnode
        self.devnum = devnum
        self.devtype = devtype
        self.diskseq = diskseq
        self.serial = serial
        self.model = model
        self.vendor = vendor
        self.bus = bus
        self.wwn = wwn
        self.backingFile = backingFile
        self.loopOffset = loopOffset
        self.readOnly = readOnly
        self.removable = removable
        self.udevInitialized = udevInitialized
        self.partitionNumber = partitionNumber
        self.parentSysname = parentSysname
        self.mountpoints = mountpoints
    }

    public var isLoop: Bool { sysname.hasPrefix("loop") }
}
