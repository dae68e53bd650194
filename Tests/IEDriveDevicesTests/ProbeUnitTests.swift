@testable import IEDriveDevices
import IEDriveCore
import Testing

@Suite struct MountTableTests {
    @Test func parsesMountinfoWithEscapes() {
        let text = """
            22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            95 22 7:3 / /mnt/my\\040drive rw,relatime shared:50 - ntfs3 /dev/loop3 rw
            96 22 7:3 /sub /srv/x ro master:2 - ntfs3 /dev/loop3 ro
            """
        let table = MountTable.parse(mountinfo: text)
        #expect(table.mounts.count == 3)
        #expect(table.mountpoints(ofDevnums: ["7:3"]) == ["/mnt/my drive", "/srv/x"])
        #expect(table.mounts[1].source == "/dev/loop3")
        #expect(table.mountpoints(ofDevnums: ["7:4"]).isEmpty)
    }
}

@Suite struct BlkidValuesTests {
    @Test func stringsDropTheTerminatorAndMagicsAreEscaped() {
        var values = BlkidValues()
        values.set("TYPE", Array("ntfs".utf8) + [0])
        values.set("SBMAGIC", [0xEB, 0x58, 0x90] + Array("-FVE-FS-".utf8))
        values.set("BLOCK_SIZE", Array("4096".utf8) + [0])
        #expect(values.string("TYPE") == "ntfs")
        #expect(values.escaped("SBMAGIC") == "\\xebX\\x90-FVE-FS-")
        #expect(values.integer("BLOCK_SIZE") == 4096)
        #expect(values.string("LABEL") == nil)
    }
}

@Suite struct PartitionTableDamageTests {
    let table = BlkidPartitionTable(type: "dos", id: "1234abcd", entries: [])

    @Test func dosWithoutPartitionsIsDamaged() {
        #expect(DeviceProber.damage(of: table, partitions: [], deviceSize: 4096)?.contains("no partitions") == true)
    }

    @Test func partitionPastTheEndIsDamaged() {
        let partitions = [PartitionEntry(number: 1, offset: 1 << 20, size: 100 << 20, type: "0x7")]
        let gpt = BlkidPartitionTable(type: "gpt", id: nil, entries: [])
        #expect(DeviceProber.damage(of: gpt, partitions: partitions, deviceSize: 50 << 20)?.contains("past the end") == true)
        #expect(DeviceProber.damage(of: gpt, partitions: partitions, deviceSize: 200 << 20) == nil)
    }

    @Test func openErrorsMapToActionableCases() {
        #expect(DeviceProber.openError(path: "/x", .init(rawValue: 2)) == .notFound(path: "/x"))
        #expect(DeviceProber.openError(path: "/x", .init(rawValue: 13)) == .permissionDenied(path: "/x"))
        #expect(DeviceProber.openError(path: "/x", .init(rawValue: 123)) == .noMedium(path: "/x"))
        #expect(DeviceProber.openError(path: "/x", .init(rawValue: 5)).code == "ioError")
    }
}
