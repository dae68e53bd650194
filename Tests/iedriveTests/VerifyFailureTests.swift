import Foundation
import IEDriveTestSupport
import Testing

/// Drives that fail as a whole: exit 4, the failure state's exact label on stderr
/// (`iedrive verify: <label>: <reason>`) and in the JSON failure object. Each state is reached
/// for real: wrong keys, Windows-made fixtures, damaged images.
@Suite(.requiresRoot)
struct VerifyFailureTests {
    /// Well-formed (every group a multiple of 11, at most 720885) and not this drive's.
    static let wrongKey = "111111-222222-333333-444444-555555-666666-000000-111111"

    static func fixture(_ name: String) throws -> Fixtures.Image {
        try #require(try Fixtures.images().first { $0.name == name }, "fixture \(name) is not in images.conf")
    }

    @Test("a well-formed but wrong recovery key: BitLocker key invalid", .requiresFixtures)
    func wrongKey() throws {
        let encrypted = try VerifyDrives.bitLockerTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-wrong-key")
        defer { scratch.cleanup() }
        let result = try expectUnchanged([encrypted.path]) {
            try CLI.iedrive(["verify", encrypted.path, "--recovery-key", Self.wrongKey, "--json", "--log-dir", scratch.file("logs")])
        }
        let reason = try expectDriveFailure(result, label: "BitLocker key invalid", token: "BitLockerKeyInvalid")
        #expect(reason.contains("does not unlock"))
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "BitLockerKeyInvalid")
        expectNoKey(Self.wrongKey, in: result.stdout + result.stderr + allText(in: scratch.path))
        expectNoKey(try #require(encrypted.drive.recoveryKey), in: result.stdout + result.stderr)
    }

    @Test("a malformed recovery key (group 3 not a multiple of 11): BitLocker key invalid, naming the group, not the digits",
          .requiresFixtures)
    func malformedKey() throws {
        let encrypted = try VerifyDrives.bitLockerTree()
        var groups = try #require(encrypted.drive.recoveryKey).split(separator: "-").map(String.init)
        let third = try #require(Int(groups[2]))
        // One less than a multiple of 11 is not one, and stays within the 720885 bound.
        groups[2] = String(format: "%06d", third - 1)
        let malformed = groups.joined(separator: "-")
        let scratch = try TestEnvironment.temporaryDirectory("vt-malformed-key")
        defer { scratch.cleanup() }
        let keyFile = try writeFile(malformed, in: scratch, named: "key")
        try expectUnchanged([encrypted.path]) {
            for arguments in [["--recovery-key", malformed], ["--recovery-key-file", keyFile]] {
                let result = try CLI.iedrive(["verify", encrypted.path, "--json"] + arguments)
                let reason = try expectDriveFailure(result, label: "BitLocker key invalid", token: "BitLockerKeyInvalid")
                #expect(reason.contains("group 3"), "\(reason)")
                #expect(reason.contains("multiple of 11"), "\(reason)")
                #expect(!(reason + result.stderr).contains(groups[2]), "the faulty group's digits were printed")
                expectNoKey(malformed, in: result.stdout + result.stderr)
            }
            // ls reports it the same way.
            let listed = try CLI.iedrive(["ls", encrypted.path, "--recovery-key", malformed])
            try expectDriveFailure(listed, label: "BitLocker key invalid", token: "BitLockerKeyInvalid", json: false, command: "ls")
        }
    }

    @Test("an encrypt-on-write or partially encrypted volume: BitLocker unlock volume failed", .requiresFixtures,
          arguments: ["bitlk-aes-xts-128-eow", "bitlk-partially-encrypted-aes-cbc-128"])
    func unsupportedBitLocker(name: String) throws {
        let image = try Self.fixture(name)
        let key = try #require(image.recoveryKey)
        let result = try expectUnchanged([image.path]) {
            try CLI.iedrive(["verify", image.path, "--recovery-key", key, "--json"])
        }
        let reason = try expectDriveFailure(result, label: "BitLocker unlock volume failed", token: "BitLockerUnlockVolumeFailed")
        #expect(reason.contains("does not support"), "\(reason)")
        expectNoKey(key, in: result.stdout + result.stderr)
    }

    @Test("BitLocker To Go with its key: unlocks, but holds FAT: NTFS volume not found", .requiresFixtures,
          arguments: ["bitlk-togo-aes-xts-128", "bitlk-togo-aes-cbc-128"])
    func toGo(name: String) throws {
        let image = try Self.fixture(name)
        let key = try #require(image.recoveryKey)
        let result = try expectUnchanged([image.path]) {
            try CLI.iedrive(["verify", image.path, "--recovery-key", key, "--json"])
        }
        let reason = try expectDriveFailure(result, label: "NTFS volume not found", token: "NtfsVolumeNotFound")
        #expect(reason.contains("FAT"), "\(reason)")
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "VolumeNotNtfs")
    }

    @Test("plain NTFS without --allow-unencrypted: BitLocker volume not found")
    func plainNeedsAllowUnencrypted() throws {
        let plain = try VerifyDrives.plainTree()
        let result = try expectUnchanged([plain.path]) {
            try CLI.iedrive(["verify", plain.path, "--json"])
        }
        let reason = try expectDriveFailure(result, label: "BitLocker volume not found", token: "BitLockerVolumeNotFound")
        #expect(reason.contains("--allow-unencrypted"))
    }

    @Test("ext4 and a blank disk, even with --allow-unencrypted: NTFS volume not found", arguments: ["ext4", "blank"])
    func notNTFS(kind: String) throws {
        let drive = try TestDrives.drive(kind)
        let result = try expectUnchanged([drive.path]) {
            try CLI.iedrive(["verify", drive.path, "--allow-unencrypted", "--json"])
        }
        let reason = try expectDriveFailure(result, label: "NTFS volume not found", token: "NtfsVolumeNotFound")
        #expect(reason.contains(kind == "ext4" ? "ext4" : "blank"), "\(reason)")
    }

    @Test("$MFT and $MFTMirr records damaged (FILE magic kept, so libblkid still sees NTFS): Disk corrupted")
    func corruptMFT() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-corrupt-mft")
        defer { scratch.cleanup() }
        let image = scratch.file("corrupt.img")
        try CommandRunner.check(["cp", "--sparse=always", plain.path, image])
        let layout = try NTFSLayout(image: image)
        #expect(layout.clusterSize == 4096 && layout.mftRecordSize == 1024)
        // Records 0–2 ($MFT, $MFTMirr, $LogFile) in both copies: every byte but the "FILE"
        // magic inverted. libblkid checks only the magic of records 0 and 3; libntfs-3g's
        // update-sequence check fails on the rest.
        let handle = try #require(FileHandle(forUpdatingAtPath: image))
        for base in [layout.mftOffset, layout.mftMirrorOffset] {
            for record in 0..<3 {
                let offset = UInt64(base + record * layout.mftRecordSize)
                try handle.seek(toOffset: offset)
                var bytes = Array(try #require(try handle.read(upToCount: layout.mftRecordSize)))
                #expect(bytes.starts(with: Array("FILE".utf8)), "no MFT record at \(offset)")
                for index in 4..<bytes.count { bytes[index] ^= 0xFF }
                try handle.seek(toOffset: offset)
                try handle.write(contentsOf: Data(bytes))
            }
        }
        try handle.close()

        let result = try expectUnchanged([image]) {
            try CLI.iedrive(["verify", image, "--allow-unencrypted", "--json"])
        }
        let reason = try expectDriveFailure(result, label: "Disk corrupted", token: "DiskCorrupted")
        #expect(reason.contains("$MFT"), "\(reason)")
        // The probe still sees NTFS: it was the reader that refused it.
        let probe = try CLI.iedrive(["probe", image, "--allow-unencrypted"])
        #expect(probe.status == 0, "\(probe)")
    }

    /// Two ways an image is cut short, two different outcomes:
    /// - `make-test-drive truncated` keeps only the first 4 KiB (the boot sector): libblkid
    ///   then sees a DOS partition table with no partitions (the 0x55AA signature) and no
    ///   volume, so the probe refuses it before any reader runs: Unsupported disk.
    /// - A whole image cut at half its size keeps a valid boot sector, so the probe sees NTFS
    ///   and the reader tries it; libntfs-3g refuses a volume larger than its device, which the
    ///   reader reports as damaged NTFS: Disk corrupted.
    @Test("truncated images: the 4 KiB stub is Unsupported disk (probe), an image cut in half is Disk corrupted (reader)")
    func truncated() throws {
        let stub = try TestDrives.drive("truncated")
        let stubResult = try expectUnchanged([stub.path]) {
            try CLI.iedrive(["verify", stub.path, "--allow-unencrypted", "--json"])
        }
        let stubReason = try expectDriveFailure(stubResult, label: "Unsupported disk", token: "UnsupportedDisk")
        #expect(stubReason.contains("damaged partition table"), "\(stubReason)")

        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-truncated")
        defer { scratch.cleanup() }
        let half = scratch.file("half.img")
        try CommandRunner.check(["cp", "--sparse=always", plain.path, half])
        try CommandRunner.check(["truncate", "-s", "32M", half])
        let halfResult = try expectUnchanged([half]) {
            try CLI.iedrive(["verify", half, "--allow-unencrypted", "--json"])
        }
        try expectDriveFailure(halfResult, label: "Disk corrupted", token: "DiskCorrupted")
    }

    @Test("BitLocker drive without a manifest: Manifest file error (ManifestNotFound)", .requiresFixtures)
    func bitLockerWithoutManifest() throws {
        let drive = try TestDrives.drive("bitlocker-ntfs")
        let key = try #require(drive.recoveryKey)
        let result = try expectUnchanged([drive.path]) {
            try CLI.iedrive(["verify", drive.path, "--recovery-key", key, "--json"])
        }
        let reason = try expectDriveFailure(result, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("no \\DriveManifest.xml"), "\(reason)")
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "ManifestNotFound")
    }
}
