internal import CUdev
import IEDriveCore

/// Copies a udev device (from an event or from enumeration) into a `DeviceSnapshot`.
///
/// Re-evaluates rather than replays: size, read-only flag, disk sequence and loop backing
/// file are read from sysfs now, so a stale queued event cannot resurrect a medium that has
/// already gone. Identity hints (`ID_SERIAL*`, `ID_MODEL`) come from udev's properties.
enum DeviceSnapshotReader {
    /// Kernel names never taken as media: RAM disks, compressed swap, device-mapper and md
    /// stacks (built by the host on top of other disks), optical drives.
    static let ignoredNamePrefixes = ["ram", "zram", "dm-", "md", "sr"]

    static func isIgnored(sysname: String) -> Bool {
        ignoredNamePrefixes.contains { sysname.hasPrefix($0) }
    }

    /// nil when the device holds no medium: size 0 (a detached loop device, an empty card
    /// reader), no device node, or no device number.
    static func snapshot(of device: borrowing UdevDevice) -> DeviceSnapshot? {
        guard let devnode = device.devnode, device.devnum != 0,
              let sectors = device.sysattr("size").flatMap({ UInt64($0) }), sectors > 0 else { return nil }
        let sysname = device.sysname
        let isLoop = sysname.hasPrefix("loop")
        let diskSequence = (device.sysattr("diskseq") ?? device.property("DISKSEQ")).flatMap { UInt64($0) }
        let serial: String? = isLoop ? nil : firstNonEmpty(
            device.property("ID_SERIAL_SHORT"), device.property("ID_SERIAL"),
            device.sysattr("serial"), device.sysattr("device/serial"))
        return DeviceSnapshot(
            devicePath: devnode,
            sysPath: device.syspath,
            sysName: sysname,
            deviceNumber: deviceNumber(device.devnum),
            diskSequence: diskSequence,
            sizeBytes: sectors &* 512,
            isReadOnly: device.sysattr("ro") == "1",
            serial: serial,
            model: firstNonEmpty(device.property("ID_MODEL"), device.sysattr("device/model")),
            loopBackingFile: isLoop ? firstNonEmpty(device.sysattr("loop/backing_file")) : nil,
            isLoop: isLoop,
            udevInitialized: device.isInitialized)
    }

    static func deviceNumber(_ number: dev_t) -> DeviceNumber {
        DeviceNumber(major: UInt32(iedrive_major(number)), minor: UInt32(iedrive_minor(number)))
    }

    private static func firstNonEmpty(_ candidates: String?...) -> String? {
        candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
    }
}
