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

    @Test("a truncated image (first 4 KiB of an NTFS): NTFS corrupt")
    func truncated() throws {
        let drive = try TestDrives.drive("truncated")
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .none)).failure("open")
            // The boot sector is intact, so this is NTFS; the $MFT it points to lies past the
            // end of the device. The device answered every read (with end of file, not an
            // error), so the file system is what is wrong: it claims more than the device has.
            #expect(failure.kind == .ntfsCorrupt, "\(failure)")
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
    /// Overwrites the first four MFT records ($MFT, $MFTMirr, $LogFile, $Volume) in both the
    /// $MFT and the $MFTMirr, found from the boot sector: bytes per sector (0x0B), sectors
    /// per cluster (0x0D), the MFT and MFTMirr cluster numbers (0x30, 0x38) and the record
    /// size (0x40: clusters, or 2^-n bytes when negative).
    static func corruptSystemRecords(_ image: String) throws {
        let fd = open(image, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw ReaderTestClient.Failed("cannot open \(image)") }
        defer { close(fd) }
        var boot = [UInt8](repeating: 0, count: 512)
        guard boot.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 512, 0) }) == 512 else {
            throw ReaderTestClient.Failed("cannot read the boot sector")
        }
        func little(_ offset: Int, _ count: Int) -> UInt64 {
            (0..<count).reversed().reduce(0) { $0 << 8 | UInt64(boot[offset + $1]) }
        }
        let bytesPerSector = little(0x0B, 2)
        let sectorsPerCluster = boot[0x0D] <= 0x80 ? UInt64(boot[0x0D]) : 1 << (256 - UInt64(boot[0x0D]))
        let clusterSize = bytesPerSector * sectorsPerCluster
        let recordByte = Int8(bitPattern: boot[0x40])
        let recordSize = recordByte < 0 ? UInt64(1) << UInt64(-Int(recordByte)) : UInt64(recordByte) * clusterSize
        let garbage = [UInt8](repeating: 0xA5, count: Int(recordSize) * 4)
        for lcnOffset in [0x30, 0x38] {
            let offset = little(lcnOffset, 8) * clusterSize
            let written = garbage.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard written == garbage.count else { throw ReaderTestClient.Failed("cannot damage \(image)") }
        }
    }
}
