import Foundation
import IEDriveCore
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// ReaderServer in this process on BitLocker volumes: our own bitlocker-ntfs images (a
/// fixture re-encrypted around a fresh NTFS) and the Windows-made fixtures themselves.
@Suite(.requiresRoot, .requiresFixtures)
struct BitLockerVolumeTests {
    @Test("unlocks with the recovery password; the tree reads back byte for byte")
    func unlockAndRead() throws {
        let drive = try ReaderDrives.bitLockerTree()
        let tree = try TestTrees.readerTree()
        try InProcessReader.with(device: drive.path) { reader in
            let info = try reader.client.open(VolumeOpening(encryption: .bitLocker(try ReaderDrives.key(of: drive)))).get("open")
            #expect(info.encrypted)
            #expect(info.unlockMilliseconds > 0)
            #expect(info.label == "READER")
            try TreeChecks.walkMatches(reader.client, tree: tree)
            try TreeChecks.everyFileMatches(reader.client, tree: tree)
            try TreeChecks.rangesMatch(reader.client, tree: tree)
            // System Volume Information (BitLocker's reserve files) is hidden from walks, not gone.
            #expect(try reader.client.list("/System Volume Information").get("list SVI").contains { $0.name.hasPrefix("FVE") })
        }
    }

    @Test("a well-formed wrong key does not unlock, and ends the session")
    func wrongKey() throws {
        let drive = try ReaderDrives.bitLockerTree()
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .bitLocker(ReaderDrives.wrongKey))).failure("wrong key")
            #expect(failure.kind == .keyDoesNotUnlock)
            #expect(failure.driveFailureState == .bitLockerKeyInvalid)
            #expect(!failure.message.contains(ReaderDrives.wrongKey.revealedForUnlock))
            let after = try reader.client.stat("/").failure("stat after a fatal failure")
            #expect(after.kind == .badRequest)
            let again = try reader.client.open(VolumeOpening(encryption: .bitLocker(try ReaderDrives.key(of: drive)))).failure("open again")
            #expect(again.kind == .badRequest, "only shutdown is accepted after a fatal failure")
            try reader.client.shutdown()
            #expect(reader.ending() == .shutdown)
        }
    }

    @Test("BitLocker inside a GPT partition unlocks at the partition's offset")
    func inPartition() throws {
        let drive = try TestDrives.drive("bitlocker-in-gpt", options: ["--label", "INGPT"])
        let offset = try #require(drive.facts["volume_offset"].flatMap(UInt64.init))
        try InProcessReader.with(device: drive.path) { reader in
            let opening = VolumeOpening(offset: offset, encryption: .bitLocker(try ReaderDrives.key(of: drive)))
            let info = try reader.client.open(opening).get("open")
            #expect(info.label == "INGPT")
        }
    }

    @Test("a real read-only loop device: the block-device path (BLKGETSIZE64, BLKSSZGET)", .requiresLoopDevices)
    func loopDevice() throws {
        let drive = try ReaderDrives.bitLockerTree()
        let tree = try TestTrees.readerTree()
        let before = try sha256(of: drive.path)
        try LoopDevice.with(drive.path, readOnly: true) { loop in
            try InProcessReader.with(device: loop.path) { reader in
                let info = try reader.client.open(VolumeOpening(encryption: .bitLocker(try ReaderDrives.key(of: drive)))).get("open")
                #expect(info.encrypted)
                try TreeChecks.walkMatches(reader.client, tree: tree)
                let big = try reader.client.read(ReadRange(path: "/random-5MiB.bin", length: .max)).get("read")
                #expect(big.bytes == (try ReaderDrives.sourceBytes(tree, "/random-5MiB.bin")))
            }
            // Plain NTFS on a block device: the descriptor's size comes from BLKGETSIZE64.
        }
        #expect(try sha256(of: drive.path) == before)
        let plain = try ReaderDrives.plainTree()
        try LoopDevice.with(plain.path, readOnly: true) { loop in
            try InProcessReader.with(device: loop.path) { reader in
                let info = try reader.client.open(VolumeOpening(encryption: .none)).get("open plain")
                #expect(info.volumeSize > 60 << 20)
                #expect(try reader.client.read(ReadRange(path: "/tiny.txt", length: 10)).get("read").bytes == Array("tiny\n".utf8))
            }
        }
    }

    @Test("Windows fixtures: encrypt-on-write and partly encrypted volumes are unsupported BitLocker")
    func unsupportedFixtures() throws {
        let images = try Fixtures.images().filter { $0.name.hasSuffix("-eow") || $0.name.contains("partially-encrypted") }
        #expect(images.count == 2)
        for image in images {
            let key = try RecoveryPassword(try #require(image.recoveryKey))
            try InProcessReader.with(device: image.path) { reader in
                let failure = try reader.client.open(VolumeOpening(encryption: .bitLocker(key))).failure(image.name)
                #expect(failure.kind == .bitLockerUnsupported, "\(image.name): \(failure)")
                #expect(failure.driveFailureState == .bitLockerUnlockVolumeFailed)
            }
        }
    }

    @Test("Windows fixtures: BitLocker To Go unlocks, but holds FAT, not NTFS")
    func toGoFixtures() throws {
        let images = try Fixtures.images().filter(\.isToGo)
        #expect(images.count == 2)
        for image in images {
            let key = try RecoveryPassword(try #require(image.recoveryKey))
            try InProcessReader.with(device: image.path) { reader in
                let failure = try reader.client.open(VolumeOpening(encryption: .bitLocker(key))).failure(image.name)
                #expect(failure.kind == .ntfsNotFound, "\(image.name): \(failure)")
                #expect(failure.message.contains("FAT"), "\(failure.message)")
            }
        }
    }
}

/// BitLocker: the bytes on the device are ciphertext, so nothing is mapped; and the key
/// stretch runs on OpenSSL's SHA-256 (the mbedTLS entry point libdislocker calls is ours).
@Suite(.requiresRoot, .requiresFixtures)
struct BitLockerMappingTests {
    @Test("map on a BitLocker volume: unmappable, with the reason; the file still reads through the reader")
    func unmappable() throws {
        let drive = try ReaderDrives.bitLockerTree()
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .bitLocker(try ReaderDrives.key(of: drive)))).get("open")
            let extents = try reader.client.map("/random-5MiB.bin").get("map")
            #expect(extents.fileSize == 5 << 20)
            #expect(extents.mapping == .unmappable(reason: "the volume is BitLocker-encrypted"))
            #expect(try reader.client.read(ReadRange(path: "/random-5MiB.bin", length: .max)).get("read").bytes.count == 5 << 20)
        }
    }

    @Test("libdislocker's SHA-256 calls reach the OpenSSL interposer")
    func shaInterposed() {
        #expect(BitLockerUnlocker.keyStretchingUsesOpenSSL)
    }
}
