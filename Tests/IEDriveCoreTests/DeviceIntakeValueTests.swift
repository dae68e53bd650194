import IEDriveCore
import Testing

/// Pure rules of device intake: identity, medium tracking, the intake policy.
@Suite struct DeviceIntakeValueTests {
    static func loop(_ number: UInt32 = 3, diskSequence: UInt64? = 40, size: UInt64 = 8 << 20,
                     backing: String? = "/srv/drives/DRIVE01.img") -> DeviceSnapshot {
        DeviceSnapshot(devicePath: "/dev/loop\(number)", sysPath: "/sys/devices/virtual/block/loop\(number)",
                       sysName: "loop\(number)", deviceNumber: DeviceNumber(major: 7, minor: number),
                       diskSequence: diskSequence, sizeBytes: size, isReadOnly: true,
                       loopBackingFile: backing, isLoop: true)
    }

    /// A made-up USB disk (a fake: no such device exists).
    static func fakeUSBDisk(serial: String?) -> DeviceSnapshot {
        DeviceSnapshot(devicePath: "/dev/sdb", sysPath: "/sys/devices/pci0000:00/usb1/1-1/block/sdb",
                       sysName: "sdb", deviceNumber: DeviceNumber(major: 8, minor: 16), diskSequence: 9,
                       sizeBytes: 1 << 40, isReadOnly: false, serial: serial, model: "Ultra", isLoop: false)
    }

    @Test func deviceNumberParsesSysfsText() {
        #expect(DeviceNumber("7:3") == DeviceNumber(major: 7, minor: 3))
        #expect(DeviceNumber("259:12")?.description == "259:12")
        #expect(DeviceNumber("7") == nil)
        #expect(DeviceNumber("7:x") == nil)
        #expect(DeviceNumber("7:3:1") == nil)
        #expect(MediumKey(deviceNumber: DeviceNumber(major: 7, minor: 3), diskSequence: 42).description == "7:3#42")
    }

    @Test("drive id from the backing file", arguments: [
        ("/srv/drives/DRIVE01.img", DriveIdentityRule.backingFileStem, "DRIVE01"),
        ("DRIVE01.img", .backingFileStem, "DRIVE01"),
        ("/x/y/DRIVE01.vhd.img", .backingFileStem, "DRIVE01.vhd"),
        ("/x/y/DRIVE01", .backingFileStem, "DRIVE01"),
        ("/x/.hidden", .backingFileStem, ".hidden"),
        ("/x/DRIVE01.img (deleted)", .backingFileStem, "DRIVE01"),
        ("/x/y/DRIVE01.img", .backingFileName, "DRIVE01.img"),
    ])
    func driveIdFromBackingFile(_ backing: String, _ rule: DriveIdentityRule, _ expected: String) {
        #expect(rule.driveId(for: Self.loop(backing: backing)) == expected)
    }

    @Test func driveIdOfRealDiskIsItsSerial() {
        for rule in DriveIdentityRule.allCases {
            #expect(rule.driveId(for: Self.fakeUSBDisk(serial: "WD-123")) == "WD-123")
            #expect(rule.driveId(for: Self.fakeUSBDisk(serial: nil)) == nil)
            #expect(rule.driveId(for: Self.loop(backing: nil)) == nil)
        }
        #expect(DriveIdentityRule.default == .backingFileStem)
    }

    @Test func trackerReportsOnePresentPerMediumAndGoneOnce() {
        var tracker = MediumTracker()
        let number = DeviceNumber(major: 7, minor: 3)
        let first = Self.loop()
        // Attached but no backing file yet: nothing.
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: nil).isEmpty)
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: first) == [.present(first)])
        // udev's change, the synthetic change after losetup closed it: identical, dropped.
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: first).isEmpty)
        // Read again while udevd rewrites its record (kernel source): the same medium, dropped.
        var recorded = first
        recorded.udevInitialized = true
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: recorded).isEmpty)
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: first).isEmpty)
        // Something learned about the same medium: an update under the same key.
        var resized = first
        resized.sizeBytes *= 2
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: resized) == [.present(resized)])
        // Re-attached without a size-0 gap seen: the old medium goes first.
        let second = Self.loop(diskSequence: 41)
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: second)
            == [.gone(resized.key, devicePath: "/dev/loop3"), .present(second)])
        #expect(tracker.media == [second])
        // Detach (size 0), then a late second change: one gone.
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: nil) == [.gone(second.key, devicePath: "/dev/loop3")])
        #expect(tracker.observe(device: number, devicePath: "/dev/loop3", snapshot: nil).isEmpty)
        #expect(tracker.removed(device: number, devicePath: "/dev/loop3").isEmpty)
        #expect(tracker.media.isEmpty)
    }

    @Test func trackerRemoveEndsTheMedium() {
        var tracker = MediumTracker()
        let disk = Self.fakeUSBDisk(serial: "S1")
        _ = tracker.observe(device: disk.deviceNumber, devicePath: disk.devicePath, snapshot: disk)
        #expect(tracker.removed(device: disk.deviceNumber, devicePath: "/dev/sdb") == [.gone(disk.key, devicePath: "/dev/sdb")])
    }

    static let quiet = IntakeFacts(deviceNumbers: [DeviceNumber(major: 8, minor: 16)], mountpoints: [],
                                   rootFilesystemDevice: DeviceNumber(major: 254, minor: 1))

    @Test func policyAllowList() {
        let policy = IntakePolicy(jobSerials: ["JOB-1"])
        #expect(policy.decide(Self.loop(), facts: Self.quiet) == .admit)
        #expect(policy.decide(Self.fakeUSBDisk(serial: "JOB-1"), facts: Self.quiet) == .admit)
        #expect(policy.decide(Self.fakeUSBDisk(serial: "OTHER"), facts: Self.quiet)
            == .refuse(.notAllowListed(devicePath: "/dev/sdb", serial: "OTHER")))
        #expect(policy.decide(Self.fakeUSBDisk(serial: nil), facts: Self.quiet).refusal?.code == "notAllowListed")

        let noLoops = IntakePolicy(admitsLoopDevices: false)
        #expect(noLoops.decide(Self.loop(), facts: Self.quiet).refusal?.code == "notAllowListed")

        #expect(IntakePolicy(extraSerials: ["OTHER"]).decide(Self.fakeUSBDisk(serial: "OTHER"), facts: Self.quiet) == .admit)
        #expect(IntakePolicy(extraDevicePathGlobs: ["/dev/sd?"]).decide(Self.fakeUSBDisk(serial: nil), facts: Self.quiet) == .admit)
        #expect(IntakePolicy(extraDevicePathGlobs: ["/dev/nvme*"]).decide(Self.fakeUSBDisk(serial: nil), facts: Self.quiet).isAdmitted == false)
    }

    @Test func policyRefusesHostUseBeforeTheAllowList() {
        let everything = IntakePolicy(jobSerials: ["JOB-1"], extraDevicePathGlobs: ["*"])
        let disk = Self.fakeUSBDisk(serial: "JOB-1")
        let root = DeviceNumber(major: 8, minor: 17)
        let holdsRoot = IntakeFacts(deviceNumbers: [disk.deviceNumber, root], mountpoints: ["/"], rootFilesystemDevice: root)
        #expect(everything.decide(disk, facts: holdsRoot) == .refuse(.holdsRootFilesystem(root)))
        let mounted = IntakeFacts(deviceNumbers: [disk.deviceNumber], mountpoints: ["/mnt/x"], rootFilesystemDevice: nil)
        #expect(everything.decide(disk, facts: mounted) == .refuse(.mounted(mountpoints: ["/mnt/x"])))
        #expect(everything.decide(Self.loop(), facts: mounted).refusal?.code == "mounted")
    }

    @Test("glob", arguments: [
        ("/dev/sd?", "/dev/sdb", true), ("/dev/sd?", "/dev/sdbb", false), ("/dev/sd*", "/dev/sdbb", true),
        ("*", "/dev/x", true), ("/dev/*/x", "/dev/a/b/x", true), ("/dev/*b", "/dev/sda", false),
        ("/dev/loop1", "/dev/loop10", false), ("", "", true), ("*a*b", "xxaxxb", true),
    ])
    func glob(_ pattern: String, _ text: String, _ expected: Bool) {
        let policy = IntakePolicy(admitsLoopDevices: false, extraDevicePathGlobs: [pattern])
        var disk = Self.fakeUSBDisk(serial: nil)
        disk.devicePath = text
        #expect(policy.isAllowListed(disk) == expected)
    }
}
