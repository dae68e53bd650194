internal import CUdev  // dev_t
public import IEDriveCore
import IEDriveSystem

extension DeviceMonitor {
    /// The whole disk at `devicePath` as the monitor would see it now, without waiting for an
    /// event (for `iedrive` commands and checks). nil when the path is not a block device,
    /// is a partition, is an ignored kind (`ram`, `zram`, `dm-`, `md`, `sr`), or holds no
    /// medium (size 0). Never opens the device.
    public static func currentSnapshot(of devicePath: String) -> DeviceSnapshot? {
        guard let status = try? SystemCall.fstatat(SystemCall.currentDirectory, devicePath, followingSymbolicLinks: true),
              status.kind == .blockDevice,
              case let number = dev_t(status.representedDevice),
              let context = UdevContext(),
              let device = context.blockDevice(devnum: number),
              device.devtype == "disk",
              !DeviceSnapshotReader.isIgnored(sysname: device.sysname) else { return nil }
        return DeviceSnapshotReader.snapshot(of: device)
    }
}
