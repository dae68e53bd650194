internal import CUdev
import IEDriveCore

/// Copies what udev and sysfs know about a block device into a `DeviceFacts` value.
/// Never trusts udev for what is on the medium (`ID_FS_*`): libblkid probes that.
enum DeviceFactsReader {
    static func facts(devnum: dev_t, mounts: MountTable) -> DeviceFacts? {
        guard let udev = UdevContext(), let device = udev.blockDevice(devnum: devnum) else { return nil }
        var facts = DeviceFacts(sysname: device.sysname, devnode: device.devnode,
                                devnum: devnumText(device.devnum), devtype: device.devtype)
        facts.udevInitialized = device.isInitialized
        facts.diskseq = (device.property("DISKSEQ") ?? device.sysattr("diskseq")).flatMap { UInt64($0) }
        facts.serial = nonEmpty(device.property("ID_SERIAL_SHORT") ?? device.property("ID_SERIAL"))
        facts.model = nonEmpty(device.property("ID_MODEL"))
        facts.vendor = nonEmpty(device.property("ID_VENDOR"))
        facts.bus = nonEmpty(device.property("ID_BUS"))
        facts.wwn = nonEmpty(device.property("ID_WWN_WITH_EXTENSION") ?? device.property("ID_WWN"))
        facts.readOnly = device.sysattr("ro").map { $0 == "1" }
        facts.partitionNumber = device.sysattr("partition").flatMap { Int($0) }

        // Facts that belong to the whole disk: a partition node reads them from its parent.
        if device.devtype == "partition", let parent = device.parentDisk() {
            facts.parentSysname = parent.sysname
            addDiskFacts(from: parent, to: &facts)
        } else {
            addDiskFacts(from: device, to: &facts)
        }

        let numbers = udev.devnumsOfDeviceAndChildren(device).map(devnumText)
        facts.mountpoints = mounts.mountpoints(ofDevnums: Set(numbers))
        return facts
    }

    private static func addDiskFacts(from disk: borrowing UdevDevice, to facts: inout DeviceFacts) {
        facts.diskseq = facts.diskseq ?? disk.sysattr("diskseq").flatMap { UInt64($0) }
        facts.model = facts.model ?? nonEmpty(disk.sysattr("device/model"))
        facts.vendor = facts.vendor ?? nonEmpty(disk.sysattr("device/vendor"))
        facts.backingFile = nonEmpty(disk.sysattr("loop/backing_file"))
        facts.loopOffset = disk.sysattr("loop/offset").flatMap { UInt64($0) }
        facts.removable = disk.sysattr("removable").map { $0 == "1" }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
