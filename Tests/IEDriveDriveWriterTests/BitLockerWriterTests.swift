import Foundation
import IEDriveBitLocker
import IEDriveCore
import IEDriveDriveWriter
import IEDriveExport
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// BitLocker volumes made by iedrive's writer, read by the four readers the issue names:
/// iedrive's own (libdislocker in-process), `cryptsetup bitlkDump` and `open --type bitlk`,
/// `blkid -p`, and dislocker-fuse with ntfs-3g.
@Suite struct BitLockerWriterTests {
    /// A BitLocker drive with a few files, and what they hold.
    struct Written {
        let image: String
        let password: RecoveryPassword
        let files: [String: [UInt8]]
    }

    static func writeDrive(in directory: TemporaryDirectory, cipher: BitLockerCipher, size: UInt64 = 48 << 20) throws -> Written {
        let image = directory.file("\(cipher.rawValue).img")
        let fd = try WriterTestImage.create(image, size: size)
        defer { close(fd) }
        let password = try BitLockerFormatter.newRecoveryPassword()
        let made = try DriveVolumeMaker.make(fd: fd, size: size, encryption: .bitLocker(cipher, password), label: "BLEXPORT",
                                             description: "iedrive test drive", scratchDirectory: directory.path)
        let writer = try NTFSWriter(mounting: made.volume)
        let files: [String: [UInt8]] = [
            "/data/big.bin": WriterTestImage.pattern(count: 5 << 20 + 77, seed: 11),
            "/data/Ünïcødé.txt": Array("unicode\n".utf8),
            "/top.txt": Array("top\n".utf8),
        ]
        try writer.makeDirectory(["data"])
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try writer.writeFile(path.split(separator: "/").map(String.init), bytes: bytes)
        }
        try writer.unmount()
        return Written(image: image, password: password, files: files)
    }

    @Test("the recovery password maps to the key bytes Windows derives (fixture values)")
    func recoveryPasswordKeyBytes() throws {
        let password = try RecoveryPassword("235818-357951-253979-013365-241120-245575-342914-591910")
        #expect(password.revealedKeyBytes == [0xBE, 0x53, 0x1D, 0x7F, 0x31, 0x5A, 0xBF, 0x04,
                                              0xA0, 0x55, 0x35, 0x57, 0xC6, 0x79, 0x32, 0xD2])
        #expect(RecoveryPassword(keyBytes: password.revealedKeyBytes).revealedForUnlock == password.revealedForUnlock)
    }

    @Test("key stretching and AES-CCM open the VMK of a Windows-made volume (known answers)")
    func knownAnswers() throws {
        let password = try RecoveryPassword("235818-357951-253979-013365-241120-245575-342914-591910")
        let salt = hex("2ba080989af9b50c203aaebd0b40d498")
        let stretched = KeyCrypto.stretch(initial: KeyCrypto.sha256(password.revealedKeyBytes), salt: salt)

        #expect(stretched == hex("1a39f926dab83e947fa85125b91e556e9ecc2bc5968924e03de234878d1fd4bd"))
        let sealed = KeyCrypto.Sealed(
            tag: hex("0cf85869dd1a2a024c48d0f6aa00b997"),
            ciphertext: hex("005e2014c039b7de88e6906efdbe83055dcb5c097dbe3fe86860ef7bae367a13178587cd8cd11af5713d0bb7"))
        let vmk = try #require(try KeyCrypto.open(sealed, key: stretched, nonce: hex("c049ba6f3632d50106000000")))
        #expect(vmk == hex("2c0000000100000003200000e5862465920b1190605ae29547623fb9c0dbafab073c85634bfb0f8a4b8cf46b"))
        // And sealing gives back the same bytes.
        #expect(try KeyCrypto.seal(vmk, key: stretched, nonce: hex("c049ba6f3632d50106000000")) == sealed)
    }

    @Test("XTS-AES-128 and -256 volumes unlock in iedrive's reader and read back byte for byte",
          arguments: BitLockerCipher.allCases)
    func iedriveReader(cipher: BitLockerCipher) throws {
        let directory = try TestEnvironment.temporaryDirectory("bitlocker-writer")
        defer { directory.cleanup() }
        let written = try Self.writeDrive(in: directory, cipher: cipher)
        let fd = open(written.image, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let unlocked = try BitLockerUnlocker.unlock(deviceFD: fd, recoveryPassword: written.password)
        let ntfs = try NTFSVolume(bitLocker: unlocked)
        #expect(ntfs.info.label == "BLEXPORT")
        for (path, bytes) in written.files {
            #expect(try WriterTestImage.readAll(ntfs, path) == bytes, "\(path)")
        }
        // A wrong (well-formed) key does not unlock it.
        let wrong = try BitLockerFormatter.newRecoveryPassword()
        #expect(throws: ReaderFailure.self) { _ = try BitLockerUnlocker.unlock(deviceFD: fd, recoveryPassword: wrong) }
    }

    @Test("blkid -p says TYPE=BitLocker (and no partition table)", .enabled(if: TestEnvironment.isOnPath("blkid")))
    func blkid() throws {
        let directory = try TestEnvironment.temporaryDirectory("bitlocker-blkid")
        defer { directory.cleanup() }
        let written = try Self.writeDrive(in: directory, cipher: .xtsAES256)
        let output = try CommandRunner.check(["blkid", "-p", "-o", "export", written.image])
        #expect(output.contains("TYPE=BitLocker"), "\(output)")
        #expect(output.contains("VERSION=2"), "\(output)")
        #expect(!output.contains("PTTYPE"), "\(output)")
    }

    @Test("cryptsetup bitlkDump describes it and accepts the recovery password",
          .enabled(if: TestEnvironment.isOnPath("cryptsetup")), arguments: BitLockerCipher.allCases)
    func cryptsetup(cipher: BitLockerCipher) throws {
        let directory = try TestEnvironment.temporaryDirectory("bitlocker-cryptsetup")
        defer { directory.cleanup() }
        let written = try Self.writeDrive(in: directory, cipher: cipher)
        let dump = try CommandRunner.check(["cryptsetup", "bitlkDump", written.image])
        let lines = dump.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
        #expect(lines.contains("Version: 2"), "\(dump)")
        #expect(lines.contains("Cipher mode: xts-plain64"), "\(dump)")
        #expect(lines.contains("Cipher key: \(cipher == .xtsAES128 ? 256 : 512) bits"), "the FVEK's size: \(dump)")
        #expect(lines.contains("Protection: VMK protected with recovery passphrase"), "\(dump)")
        #expect(lines.contains("Description: iedrive test drive"), "\(dump)")
        // Checks the key without device-mapper: the recovery password opens the VMK and FVEK.
        let keyFile = directory.file("key")
        try Data(written.password.revealedForUnlock.utf8).write(to: URL(fileURLWithPath: keyFile))
        let good = try CommandRunner.run(["cryptsetup", "open", "--type", "bitlk", "--readonly", "--test-passphrase",
                                          "--key-file", keyFile, written.image])
        #expect(good.status == 0, "\(good)")
        let wrongFile = directory.file("wrong")
        try Data(try BitLockerFormatter.newRecoveryPassword().revealedForUnlock.utf8).write(to: URL(fileURLWithPath: wrongFile))
        let bad = try CommandRunner.run(["cryptsetup", "open", "--type", "bitlk", "--readonly", "--test-passphrase",
                                         "--key-file", wrongFile, written.image])
        #expect(bad.status != 0, "a wrong recovery password must not open it")
    }

    @Test("dislocker-fuse decrypts it and ntfs-3g reads the files", .requiresRoot, .requiresFUSE,
          .enabled(if: TestEnvironment.isOnPath("dislocker-fuse")))
    func dislockerFuse() throws {
        let directory = try TestEnvironment.temporaryDirectory("bitlocker-dislocker")
        defer { directory.cleanup() }
        let written = try Self.writeDrive(in: directory, cipher: .xtsAES128)
        try ScratchMount.dislockerNTFS(image: written.image, password: written.password.revealedForUnlock,
                                             in: directory) { root in
            for (path, bytes) in written.files {
                let read = try Data(contentsOf: URL(fileURLWithPath: root + path))
                #expect(Array(read) == bytes, "\(path)")
            }
        }
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
