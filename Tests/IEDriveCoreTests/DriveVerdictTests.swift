import IEDriveCore
import Testing

@Suite("Drive verdict rules")
struct DriveVerdictTests {
    let bitlocker = VolumeSignature(partition: nil, offset: 0, type: "BitLocker", usage: "crypto", version: "2",
                                    magic: "\\xebX\\x90-FVE-FS-")
    let toGo = VolumeSignature(partition: nil, offset: 0, type: "BitLocker", usage: "crypto", version: "2",
                               magic: "\\xebX\\x90MSWIN4.1")
    let ntfs = VolumeSignature(partition: nil, offset: 0, type: "ntfs", usage: "filesystem", label: "DATA")
    let ext4 = VolumeSignature(partition: nil, offset: 0, type: "ext4", usage: "filesystem")

    func disk(_ volumes: [VolumeSignature], table: String? = nil, partitions: [PartitionEntry] = [],
              damage: String? = nil) -> ProbeReport {
        ProbeReport(path: "/dev/test", source: .blockDevice, size: 1 << 30, sectorSize: 512,
                    partitionTable: table, partitionTableDamage: damage, partitions: partitions, volumes: volumes)
    }

    func inPartition(_ volume: VolumeSignature, _ number: Int, offset: UInt64) -> VolumeSignature {
        var moved = volume
        moved.partition = number
        moved.offset = offset
        return moved
    }

    @Test func wholeDiskBitLockerIsAcceptable() {
        let verdict = DriveVerdict.evaluate(disk([bitlocker]), allowUnencrypted: false)
        #expect(verdict.acceptable)
        #expect(verdict.failure == nil)
        #expect(verdict.partition == nil)
        #expect(verdict.volumeOffset == 0)
    }

    @Test func toGoIsAcceptableButNoted() {
        let verdict = DriveVerdict.evaluate(disk([toGo]), allowUnencrypted: false)
        #expect(verdict.acceptable)
        #expect(verdict.reason.contains("To Go"))
        #expect(toGo.isBitLockerToGo == true)
        #expect(bitlocker.isBitLockerToGo == false)
        #expect(ntfs.isBitLockerToGo == nil)
    }

    @Test func plainNTFSNeedsTheFlag() {
        let refused = DriveVerdict.evaluate(disk([ntfs]), allowUnencrypted: false)
        #expect(!refused.acceptable)
        #expect(refused.failure == .bitLockerVolumeNotFound)
        #expect(refused.reason.contains("--allow-unencrypted"))
        let allowed = DriveVerdict.evaluate(disk([ntfs]), allowUnencrypted: true)
        #expect(allowed.acceptable)
    }

    @Test func otherFilesystemsAreRefusedWithTheRightState() {
        #expect(DriveVerdict.evaluate(disk([ext4]), allowUnencrypted: false).failure == .bitLockerVolumeNotFound)
        #expect(DriveVerdict.evaluate(disk([ext4]), allowUnencrypted: true).failure == .ntfsVolumeNotFound)
    }

    @Test func blankDiskHasNoVolume() {
        let verdict = DriveVerdict.evaluate(disk([]), allowUnencrypted: false)
        #expect(verdict.failure == .bitLockerVolumeNotFound)
        #expect(verdict.reason.contains("blank"))
    }

    @Test func damagedTableIsUnsupportedDisk() {
        let verdict = DriveVerdict.evaluate(disk([], table: "dos", damage: "DOS partition table with no partitions"),
                                            allowUnencrypted: true)
        #expect(!verdict.acceptable)
        #expect(verdict.failure == .unsupportedDisk)
        #expect(verdict.reason.contains("damaged"))
    }

    @Test func firstDataPartitionSkipsSystemPartitions() {
        let partitions = [
            PartitionEntry(number: 1, offset: 1 << 20, size: 16 << 20, type: "e3c9e316-0b5c-4db8-817d-f92df00215ae"),
            PartitionEntry(number: 2, offset: 17 << 20, size: 900 << 20, type: "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"),
        ]
        let report = disk([inPartition(bitlocker, 2, offset: 17 << 20)], table: "gpt", partitions: partitions)
        let verdict = DriveVerdict.evaluate(report, allowUnencrypted: false)
        #expect(verdict.acceptable)
        #expect(verdict.partition == 2)
        #expect(verdict.volumeOffset == 17 << 20)
    }

    @Test func onlyTheFirstDataVolumeCounts() {
        let partitions = [
            PartitionEntry(number: 1, offset: 1 << 20, size: 100 << 20, type: "0x83"),
            PartitionEntry(number: 2, offset: 101 << 20, size: 100 << 20, type: "0x7"),
        ]
        let report = disk([inPartition(ext4, 1, offset: 1 << 20), inPartition(bitlocker, 2, offset: 101 << 20)],
                          table: "dos", partitions: partitions)
        let verdict = DriveVerdict.evaluate(report, allowUnencrypted: false)
        #expect(!verdict.acceptable)
        #expect(verdict.failure == .bitLockerVolumeNotFound)
        #expect(verdict.reason.contains("partition 2 holds BitLocker"))
    }

    @Test func extendedContainerIsNotTheDataVolume() {
        let partitions = [
            PartitionEntry(number: 1, offset: 1 << 20, size: 500 << 20, type: "0x5", isExtended: true),
            PartitionEntry(number: 5, offset: 2 << 20, size: 400 << 20, type: "0x7"),
        ]
        let report = disk([inPartition(bitlocker, 5, offset: 2 << 20)], table: "dos", partitions: partitions)
        let verdict = DriveVerdict.evaluate(report, allowUnencrypted: false)
        #expect(verdict.acceptable)
        #expect(verdict.partition == 5)
    }

    @Test func tableWithoutPartitions() {
        let verdict = DriveVerdict.evaluate(disk([], table: "gpt"), allowUnencrypted: false)
        #expect(verdict.failure == .bitLockerVolumeNotFound)
        #expect(verdict.reason.contains("no partitions"))
    }

    @Test func ambivalentAreaIsNotGuessed() {
        var first = ntfs
        first.ambivalent = true
        var second = ext4
        second.ambivalent = true
        let verdict = DriveVerdict.evaluate(disk([first, second]), allowUnencrypted: true)
        #expect(verdict.failure == .unsupportedDisk)
        #expect(verdict.reason.contains("ntfs, ext4"))
    }
}
