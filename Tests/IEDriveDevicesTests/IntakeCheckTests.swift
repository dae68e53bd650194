import Foundation
import IEDriveCore
import IEDriveDevices
import IEDriveTestSupport
import Testing

/// The intake check on real devices: a mounted loop device, the disk holding `/`, a loop
/// device posing as a USB disk (the pose is a fake: only `isLoop`/`serial` are changed).
@Suite(.requiresLoopDevices, .serialized)
struct IntakeCheckTests {
    @Test("a mounted loop device is refused, and admitted again once unmounted")
    func mountedLoopRefused() throws {
        let directory = try TestEnvironment.temporaryDirectory("intake")
        defer { directory.cleanup() }
        let image = directory.file("DRIVE03.img")
        try CommandRunner.check(["truncate", "-s", "16M", image])
        try CommandRunner.check(["mkfs.ext4", "-q", "-F", image])
        let mountpoint = directory.file("mnt")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)

        try LoopDevice.with(image) { loop in
            let snapshot = try #require(DeviceMonitor.currentSnapshot(of: loop.path))
            let check = IntakeCheck(policy: IntakePolicy())
            #expect(check.decide(snapshot) == .admit)

            try CommandRunner.check(["mount", "-o", "ro,noload", loop.path, mountpoint])
            var mounted = true
            defer { if mounted { _ = try? CommandRunner.run(["umount", mountpoint]) } }
            #expect(check.decide(snapshot) == .refuse(.mounted(mountpoints: [mountpoint])))

            try CommandRunner.check(["umount", mountpoint])
            mounted = false
            #expect(check.decide(snapshot) == .admit)
        }
    }

    @Test("a partition node counts as the disk: its mount refuses the disk")
    func partitionMountRefusesDisk() throws {
        let drive = try TestDrives.drive("gpt-ntfs", options: ["--label", "GPTNTFS"])
        try LoopDevice.with(drive.path, partitionNodes: true) { loop in
            let snapshot = try #require(DeviceMonitor.currentSnapshot(of: loop.path))
            let partition = try #require(DeviceNumber(try String(contentsOfFile: "/sys/block/\(loop.sysname)/\(loop.sysname)p1/dev", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            let check = IntakeCheck(policy: IntakePolicy())
            let facts = check.facts(for: snapshot, mounts: MountTable(mounts: []))
            #expect(facts.deviceNumbers == [snapshot.deviceNumber, partition])
            // ntfs-3g mounts through FUSE (anonymous device number), so the partition's mount
            // is given as the kernel would list it for a kernel filesystem.
            let mounts = MountTable.parse(mountinfo: "40 27 \(partition) / /mnt/p1 ro,relatime - ext4 \(loop.partitionNode(1)) ro\n")
            #expect(check.policy.decide(snapshot, facts: check.facts(for: snapshot, mounts: mounts))
                == .refuse(.mounted(mountpoints: ["/mnt/p1"])))
        }
    }

    static var rootDisk: String? {
        guard let root = IntakeCheck.rootFilesystemDevice(),
              let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/sys/dev/block/\(root)") else { return nil }
        // ../../devices/.../block/vda[/vda1]: a partition's disk is its parent directory.
        let parts = resolved.split(separator: "/").map(String.init)
        guard let name = parts.last else { return nil }
        let isPartition = FileManager.default.fileExists(atPath: "/sys/dev/block/\(root)/partition")
        return isPartition ? parts.dropLast().last : name
    }

    @Test("the disk holding / is refused even when allow-listed by glob and serial",
          .enabled(if: rootDisk != nil, "/ is not on a block device (overlay, btrfs or tmpfs root)"))
    func rootDiskRefused() throws {
        let disk = try #require(Self.rootDisk)
        let snapshot = try #require(DeviceMonitor.currentSnapshot(of: "/dev/\(disk)"), "/dev/\(disk)")
        let root = try #require(IntakeCheck.rootFilesystemDevice())
        let check = IntakeCheck(policy: IntakePolicy(jobSerials: Set([snapshot.serial].compactMap { $0 }),
                                                     extraDevicePathGlobs: ["*"]))
        #expect(check.decide(snapshot) == .refuse(.holdsRootFilesystem(root)))
    }

    @Test("a non-loop disk is refused unless its serial is a job's drive id")
    func nonLoopNeedsJobSerial() throws {
        let directory = try TestEnvironment.temporaryDirectory("intake")
        defer { directory.cleanup() }
        let image = directory.file("DRIVE04.img")
        try CommandRunner.check(["truncate", "-s", "8M", image])
        try LoopDevice.with(image) { loop in
            var disk = try #require(DeviceMonitor.currentSnapshot(of: loop.path))
            disk.isLoop = false
            disk.serial = "FAKE-USB-SERIAL"
            #expect(IntakeCheck(policy: IntakePolicy()).decide(disk)
                == .refuse(.notAllowListed(devicePath: loop.path, serial: "FAKE-USB-SERIAL")))
            #expect(IntakeCheck(policy: IntakePolicy(jobSerials: ["OTHER"])).decide(disk).refusal?.code == "notAllowListed")
            #expect(IntakeCheck(policy: IntakePolicy(jobSerials: ["FAKE-USB-SERIAL"])).decide(disk) == .admit)
            #expect(IntakeCheck(policy: IntakePolicy(extraDevicePathGlobs: [loop.path])).decide(disk) == .admit)
        }
    }
}
