internal import CUdev
public import IEDriveCore
import IEDriveSystem

/// Decides whether a disk may be taken in (`IntakePolicy`), from what the host is doing
/// with it: mounts of the disk, its partitions or their holders (mountinfo, compared by
/// device number), and whether any of them holds the root filesystem (`stat("/")`).
///
/// Reads only sysfs and `/proc/self/mountinfo`; never opens the device.
/// Limitation: a filesystem with an anonymous device number (btrfs, overlay) hides the
/// disk under it from both checks.
public struct IntakeCheck: Sendable {
    public var policy: IntakePolicy
    /// Where sysfs is mounted (tests may point this at a copy).
    public var sysfsRoot: String

    public init(policy: IntakePolicy, sysfsRoot: String = "/sys") {
        self.policy = policy
        self.sysfsRoot = sysfsRoot
    }

    /// Admit or refuse `snapshot` as the host looks now.
    public func decide(_ snapshot: DeviceSnapshot) -> IntakeDecision {
        policy.decide(snapshot, facts: facts(for: snapshot))
    }

    /// The host's use of the disk: its device numbers (with partitions and holders), their
    /// mount points, and the root filesystem's device.
    public func facts(for snapshot: DeviceSnapshot, mounts: MountTable = .current(),
                      rootFilesystemDevice: DeviceNumber? = IntakeCheck.rootFilesystemDevice()) -> IntakeFacts {
        let numbers = deviceNumbers(ofDisk: snapshot.sysName, number: snapshot.deviceNumber)
        let mountpoints = mounts.mountpoints(ofDevnums: Set(numbers.map(\.description)))
        return IntakeFacts(deviceNumbers: numbers, mountpoints: mountpoints, rootFilesystemDevice: rootFilesystemDevice)
    }

    /// `stat("/").st_dev`.
    public static func rootFilesystemDevice() -> DeviceNumber? {
        (try? SystemCall.fstatat(SystemCall.currentDirectory, "/", followingSymbolicLinks: true))
            .map { DeviceSnapshotReader.deviceNumber(dev_t($0.device)) }
    }

    /// The disk, each partition (`/sys/block/X/X*/partition` exists), and every device
    /// holding one of them, transitively (`holders/`: device-mapper, md, …).
    func deviceNumbers(ofDisk sysName: String, number: DeviceNumber) -> Set<DeviceNumber> {
        var numbers: Set<DeviceNumber> = [number]
        let disk = "\(sysfsRoot)/block/\(sysName)"
        var directories = [disk]
        for entry in directoryEntryNames(disk) where readSmallFile("\(disk)/\(entry)/partition") != nil {
            directories.append("\(disk)/\(entry)")
        }
        var seenHolders: Set<String> = []
        while let directory = directories.popLast() {
            if let text = readSmallFile("\(directory)/dev"),
               let found = DeviceNumber(text.trimmingSuffixWhitespace()) {
                numbers.insert(found)
            }
            for holder in directoryEntryNames("\(directory)/holders") where seenHolders.insert(holder).inserted {
                directories.append("\(sysfsRoot)/class/block/\(holder)")
            }
        }
        return numbers
    }
}

extension String {
    func trimmingSuffixWhitespace() -> Substring {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
