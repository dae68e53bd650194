import Foundation
import IEDriveCore
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// How opening fails on what is not a readable NTFS, and how a failing device is told from
/// a corrupt file system.
@Suite(.requiresRoot)
struct OpenFailureTests {
    @Test("plain NTFS opened as BitLocker: unsupported BitLocker (dislocker -12); opened plain it works")
    func plainAsBitLocker() throws {
        let drive = try ReaderDrives.plainTree()
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .bitLocker(ReaderDrives.wrongKey))).failure("open")
            // libdislocker answers -12 (volume header check) for "not BitLocker" and for an
            // unsupported BitLocker alike; the parent asks libblkid first, so the reader
            // says the latter.
            #expect(failure.kind == .bitLockerUnsupported, "\(failure)")
            #expect(failure.message.contains("-12"))
        }
        try InProcessReader.with(device: drive.path) { reader in
            let info = try reader.client.open(VolumeOpening(encryption: .none)).get("open plain")
            #expect(info.label == "READER")
        }
    }

    @Test("ext4 and a blank drive hold no NTFS", arguments: ["ext4", "blank"])
    func notNTFS(kind: String) throws {
        let drive = try TestDrives.drive(kind)
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .none)).failure(kind)
            #expect(failure.kind == .ntfsNotFound, "\(failure)")
            #expect(failure.driveFailureState == .ntfsVolumeNotFound)
            #expect(failure.message.contains(kind == "ext4" ? "ext2/3/4" : "only zeros"), "\(failure.message)")
        }
    }

    @Test("a corrupt $MFT and $MFTMirr: NTFS corrupt, not a device error")
    func corruptMFT() throws {
        let scratch = try TestEnvironment.temporaryDirectory("corrupt-mft")
        defer { scratch.cleanup() }
        let image = scratch.file("corrupt.img")
        try CommandRunner.check(["cp", "--sparse=always", try ReaderDrives.plainTree().path, image])
        try NTFSDamage.corruptSystemRecords(image)
        try InProcessReader.with(device: image) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .none)).failure("open")
            #expect(failure.kind == .ntfsCorrupt, "\(failure)")
            #expect(failure.driveFailureState == .diskCorrupted)
            #expect(failure.errno == EIO, "libntfs-3g reports the bad records as EIO; the device itself read fine")
        }
    }

    @Test("a corrupt MFT record of one file: the volume opens; stat, read and walk meet NTFS corrupt")
    func corruptFileRecord() throws {
        let scratch = try TestEnvironment.temporaryDirectory("corrupt-record")
        defer { scratch.cleanup() }
        let image = scratch.file("corrupt.img")
        try CommandRunner.check(["cp", "--sparse=always", try ReaderDrives.plainTree().path, image])
        // ntfsls prints "<inode> <name>"; the record of sibling.bin is overwritten.
        let listing = try CommandRunner.check(["ntfsls", "-i", "-p", "/Nested/Level 2", image])
        let line = try #require(listing.split(separator: "\n").first { $0.hasSuffix(" sibling.bin") })
        let record = try #require(UInt64(line.split(separator: " ").first ?? ""))
        try NTFSDamage.corruptRecord(image, record: record)
        try InProcessReader.with(device: image) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            #expect(try reader.client.read(ReadRange(path: "/tiny.txt", length: 10)).get("an intact file").bytes.count == 5)
            let failure = try reader.client.read(ReadRange(path: "/Nested/Level 2/sibling.bin", length: .max)).failure("read")
            #expect(failure.kind == .ntfsCorrupt, "\(failure)")
            #expect(failure.isFatal, "a corrupt MFT is the drive's failure, not one file's")
        }
        try InProcessReader.with(device: image) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            let failure = try reader.client.walk("/").failure("walk")
            #expect(failure.kind == .ntfsCorrupt, "\(failure)")
            #expect(failure.path == "/Nested/Level 2/sibling.bin")
        }
    }

    @Test("a truncated image (first 4 KiB of an NTFS): NTFS corrupt")
    func truncated() throws {
        let drive = try TestDrives.drive("truncated")
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .none)).failure("open")
            // The boot sector is intact, so this is NTFS, but it claims 64 MiB on a 4 KiB
            // device: libntfs-3g seeks to its last sector (the backup boot sector), our device
            // refuses a position past its end (EINVAL), and the mount fails with EINVAL. No read
            // failed on the device, so it is the file system that is wrong, not the drive.
            #expect(failure.kind == .ntfsCorrupt, "\(failure)")
            #expect(failure.errno == EINVAL)
            #expect(failure.message.contains("larger than the device"))
        }
    }

    @Test("the device failing a read after open: a device read error, and the session ends")
    func deviceReadError() throws {
        let drive = try ReaderDrives.plainTree()
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            // The descriptor now refers to a directory: every pread(2) fails (EISDIR), as a
            // dying drive fails with EIO.
            let directory = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { close(directory) }
            #expect(dup2(directory, reader.deviceFD) == reader.deviceFD)
            let failure = try reader.client.read(ReadRange(path: "/random-5MiB.bin", length: .max)).failure("read")
            #expect(failure.kind == .deviceReadError, "\(failure)")
            #expect(failure.errno == EISDIR)
            #expect(failure.path == "/random-5MiB.bin")
            #expect(failure.driveFailureState == .hardwareError)
            #expect(try reader.client.stat("/tiny.txt").failure("stat after").kind == .badRequest)
        }
    }

    @Test("an offset past the device is a bad request, and a good open may follow")
    func offsetOutside() throws {
        let drive = try ReaderDrives.plainTree()
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(offset: 1 << 40, encryption: .none)).failure("open")
            #expect(failure.kind == .badRequest)
            #expect(try reader.client.open(VolumeOpening(encryption: .none)).get("open").label == "READER")
        }
    }
}

/// Damage done to private copies of NTFS images.
enum NTFSDamage {
    /// Overwrites MFT record `record` (in the $MFT only: $MFTMirr holds records 0–3).
    static func corruptRecord(_ image: String, record: UInt64) throws {
        let geometry = try Geometry(image)
        try overwrite(image, at: geometry.mftOffset + record * geometry.recordSize, count: Int(geometry.recordSize))
    }

    /// Overwrites the first four MFT records ($MFT, $MFTMirr, $LogFile, $Volume) in both the
    /// $MFT and the $MFTMirr.
    static func corruptSystemRecords(_ image: String) throws {
        let geometry = try Geometry(image)
        for offset in [geometry.mftOffset, geometry.mirrorOffset] {
            try overwrite(image, at: offset, count: Int(geometry.recordSize) * 4)
        }
    }

    private static func overwrite(_ image: String, at offset: UInt64, count: Int) throws {
        let fd = open(image, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReaderTestClient.Failed("cannot open \(image)") }
        defer { close(fd) }
        let garbage = [UInt8](repeating: 0xA5, count: count)
        guard garbage.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }) == count else {
            throw ReaderTestClient.Failed("cannot damage \(image)")
        }
    }

    /// Where the MFT and its mirror are, from the boot sector: bytes per sector (0x0B),
    /// sectors per cluster (0x0D), the MFT and MFTMirr cluster numbers (0x30, 0x38) and the
    /// record size (0x40: clusters, or 2^-n bytes when negative).
    private struct Geometry {
        var mftOffset: UInt64
        var mirrorOffset: UInt64
        var recordSize: UInt64

        init(_ image: String) throws {
            guard let handle = FileHandle(forReadingAtPath: image), let data = try handle.read(upToCount: 512),
                  data.count == 512 else { throw ReaderTestClient.Failed("cannot read the boot sector of \(image)") }
            let boot = Array(data)
            func little(_ offset: Int, _ count: Int) -> UInt64 {
                (0..<count).reversed().reduce(0) { $0 << 8 | UInt64(boot[offset + $1]) }
            }
            let sectorsPerCluster = boot[0x0D] <= 0x80 ? UInt64(boot[0x0D]) : 1 << (256 - UInt64(boot[0x0D]))
            let clusterSize = little(0x0B, 2) * sectorsPerCluster
            let recordByte = Int8(bitPattern: boot[0x40])
            recordSize = recordByte < 0 ? UInt64(1) << UInt64(-Int(recordByte)) : UInt64(recordByte) * clusterSize
            mftOffset = little(0x30, 8) * clusterSize
            mirrorOffset = little(0x38, 8) * clusterSize
        }
    }
}
