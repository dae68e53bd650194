import Foundation
import IEDriveCore
import IEDriveDevices
import IEDriveTestSupport
import Testing

/// Loop-device tier: every test-drive kind attached as a real loop device (udevd running),
/// probed with DeviceProber, and compared field by field with `blkid -p -o export` on the
/// device and at each partition offset. Images are checksummed before and after.
@Suite(.requiresLoopDevices, .serialized)
struct LoopDeviceProbeTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var kind: String
        var options: [String] = []
        var table: String?
        var volumeTypes: [String]
        var failure: DriveFailureState?
        var testDescription: String { kind }
    }

    static let plainKinds: [Expectation] = [
        Expectation(kind: "plain-ntfs", options: ["--label", "PLAIN"], volumeTypes: ["ntfs"], failure: .bitLockerVolumeNotFound),
        Expectation(kind: "gpt-ntfs", options: ["--label", "GPTNTFS"], table: "gpt", volumeTypes: ["ntfs"], failure: .bitLockerVolumeNotFound),
        Expectation(kind: "mbr-ntfs", options: ["--label", "MBRNTFS"], table: "dos", volumeTypes: ["ntfs"], failure: .bitLockerVolumeNotFound),
        Expectation(kind: "ext4", options: ["--label", "EXTFOUR"], volumeTypes: ["ext4"], failure: .bitLockerVolumeNotFound),
        Expectation(kind: "blank", volumeTypes: [], failure: .bitLockerVolumeNotFound),
        Expectation(kind: "truncated", table: "dos", volumeTypes: [], failure: .unsupportedDisk),
    ]

    static let bitlockerKinds: [Expectation] = [
        Expectation(kind: "bitlocker-ntfs", volumeTypes: ["BitLocker"], failure: nil),
        Expectation(kind: "bitlocker-in-gpt", table: "gpt", volumeTypes: ["BitLocker"], failure: nil),
    ]

    @Test("probe matches blkid -p on a loop device", arguments: plainKinds)
    func probeMatchesBlkid(_ expected: Expectation) throws {
        try compareWithBlkid(expected)
    }

    @Test("probe matches blkid -p on a BitLocker loop device", .requiresFixtures, arguments: bitlockerKinds)
    func bitlockerProbeMatchesBlkid(_ expected: Expectation) throws {
        try compareWithBlkid(expected)
    }

    private func compareWithBlkid(_ expected: Expectation) throws {
        let drive = try TestDrives.drive(expected.kind, options: expected.options)
        let before = try sha256(of: drive.path)

        try LoopDevice.with(drive.path) { loop in
            let report = try DeviceProber().probe(path: loop.path)
            let reference = try BlkidExport.probe(loop.path)

            #expect(report.source == .blockDevice)
            #expect(report.size == UInt64(try String(contentsOfFile: "/sys/block/\(loop.sysname)/size", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines))! * 512)
            #expect(report.partitionTable == reference["PTTYPE"])
            #expect(report.partitionTable == expected.table)
            #expect(report.partitionTableUUID == reference["PTUUID"])
            #expect(report.volumes.compactMap(\.type) == expected.volumeTypes)

            // Whole-device signature, field by field.
            let whole = report.volumes(inPartition: nil).first
            #expect(whole?.type == reference["TYPE"])
            #expect(whole?.label == reference["LABEL"])
            #expect(whole?.uuid == reference["UUID"])
            #expect(whole?.version == reference["VERSION"])
            #expect(whole?.usage == reference["USAGE"])
            #expect(whole?.blockSize.map(String.init) == reference["BLOCK_SIZE"])

            // Each partition, probed at its offset, against blkid at the same offset.
            for partition in report.partitions {
                let atOffset = try BlkidExport.probe(loop.path, offset: partition.offset, size: partition.size)
                let volume = report.volumes(inPartition: partition.number).first
                #expect(volume?.type == atOffset["TYPE"], "partition \(partition.number)")
                #expect(volume?.label == atOffset["LABEL"])
                #expect(volume?.uuid == atOffset["UUID"])
                #expect(volume?.version == atOffset["VERSION"])
                #expect(volume?.offset == partition.offset)
            }

            // udev facts of a loop device.
            let device = try #require(report.device)
            #expect(device.sysname == loop.sysname)
            #expect(device.devnode == loop.path)
            #expect(device.backingFile == drive.path)
            #expect(device.readOnly == true)
            let diskseq = try String(contentsOfFile: "/sys/block/\(loop.sysname)/diskseq", encoding: .utf8)
            #expect(device.diskseq == UInt64(diskseq.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(device.mountpoints.isEmpty)

            let verdict = DriveVerdict.evaluate(report, allowUnencrypted: false)
            #expect(verdict.failure == expected.failure, "\(verdict.reason)")
            #expect(verdict.acceptable == (expected.failure == nil))
            if expected.volumeTypes == ["ntfs"] {
                #expect(DriveVerdict.evaluate(report, allowUnencrypted: true).acceptable)
            }
        }
        #expect(try sha256(of: drive.path) == before, "probing changed the image")
    }

    @Test("partition nodes made by partx are probed like the disk's partition",
          arguments: ["gpt-ntfs", "mbr-ntfs"])
    func partitionNode(kind: String) throws {
        let drive = try TestDrives.drive(kind, options: ["--label", "PARTNODE"])
        try LoopDevice.with(drive.path, partitionNodes: true) { loop in
            let node = loop.partitionNode(1)
            let report = try DeviceProber().probe(path: node)
            let reference = try BlkidExport.probe(node)
            let volume = try #require(report.volumes.first)
            #expect(report.partitionTable == nil)
            #expect(volume.type == "ntfs")
            #expect(volume.label == "PARTNODE")
            #expect(volume.uuid == reference["UUID"])
            #expect(report.device?.partitionNumber == 1)
            #expect(report.device?.parentSysname == loop.sysname)
            #expect(report.device?.backingFile == drive.path)

            // The disk's partition list agrees with what blkid reads on the partition node.
            let disk = try DeviceProber().probe(path: loop.path)
            let entry = try #require(disk.partitions.first)
            #expect(String(entry.number) == reference["PART_ENTRY_NUMBER"])
            #expect(String(entry.offset / 512) == reference["PART_ENTRY_OFFSET"])
            #expect(String(entry.size / 512) == reference["PART_ENTRY_SIZE"])
            #expect(entry.type == reference["PART_ENTRY_TYPE"])
            #expect(entry.label == reference["PART_ENTRY_NAME"])
            #expect(entry.uuid == reference["PART_ENTRY_UUID"])
        }
    }

    @Test("a mounted loop device is reported as mounted")
    func mountedDevice() throws {
        let drive = try TestDrives.drive("ext4", options: ["--label", "EXTFOUR"])
        let scratch = try TestEnvironment.temporaryDirectory("mount")
        defer { scratch.cleanup() }
        try LoopDevice.with(drive.path) { loop in
            try CommandRunner.check(["mount", "-o", "ro", loop.path, scratch.path])
            defer { _ = try? CommandRunner.run(["umount", scratch.path]) }
            let report = try DeviceProber().probe(path: loop.path)
            #expect(report.device?.mountpoints == [scratch.path])
        }
    }
}
