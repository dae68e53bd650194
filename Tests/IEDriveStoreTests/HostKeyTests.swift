import Foundation
import Glibc
import IEDriveCore
import IEDriveStore
import IEDriveTestSupport
import Testing

@Suite("Host key and recovery key sealing")
struct HostKeyTests {
    private func mode(_ path: String) -> mode_t {
        var info = stat()
        #expect(stat(path, &info) == 0)
        return info.st_mode & 0o7777
    }

    @Test("made once: 32 bytes, mode 0600, missing directories 0700; read back the same")
    func created() throws {
        let scratch = try TestEnvironment.temporaryDirectory("hostkey-create")
        defer { scratch.cleanup() }
        let path = scratch.file("state/keys/host.key")
        let first = try HostKey.loadOrCreate(path: path)
        #expect(mode(path) == 0o600)
        #expect(mode(scratch.file("state/keys")) == 0o700)
        #expect(mode(scratch.file("state")) == 0o700)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count == 32)
        #expect(Set(bytes).count > 8)

        let second = try HostKey.loadOrCreate(path: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        let sealed = try RecoveryKeyCipher(hostKey: first).seal(BitLockerKey("k"), jobName: "job", driveId: "d")
        #expect(try RecoveryKeyCipher(hostKey: second).open(sealed, jobName: "job", driveId: "d") == BitLockerKey("k"))
    }

    @Test("never shows its bytes")
    func redacted() throws {
        let scratch = try TestEnvironment.temporaryDirectory("hostkey-redact")
        defer { scratch.cleanup() }
        let key = try HostKey.loadOrCreate(path: scratch.file("host.key"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file("host.key")))
        let hex = bytes.map { String($0, radix: 16) }.joined()
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), dumped] {
            #expect(!text.contains(hex))
            #expect(!text.contains(bytes.base64EncodedString()))
        }
    }

    @Test("a key others may read is refused with the chmod to fix it")
    func loosePermissions() throws {
        let scratch = try TestEnvironment.temporaryDirectory("hostkey-loose")
        defer { scratch.cleanup() }
        let path = scratch.file("host.key")
        _ = try HostKey.loadOrCreate(path: path)
        for loose: mode_t in [0o640, 0o604, 0o644] {
            #expect(chmod(path, loose) == 0)
            let error = #expect(throws: HostKeyError.self) { try HostKey.loadOrCreate(path: path) }
            #expect(error == .accessibleToOthers(path: path, mode: UInt32(loose)))
            #expect(error?.description.contains("chmod 600 \(path)") == true)
        }
        #expect(chmod(path, 0o400) == 0)
        _ = try HostKey.loadOrCreate(path: path)
    }

    @Test("a file of the wrong size is refused, not overwritten")
    func wrongSize() throws {
        let scratch = try TestEnvironment.temporaryDirectory("hostkey-size")
        defer { scratch.cleanup() }
        let path = scratch.file("host.key")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 10),
                                               attributes: [.posixPermissions: 0o600]))
        let error = #expect(throws: HostKeyError.self) { try HostKey.loadOrCreate(path: path) }
        #expect(error == .wrongSize(path: path, size: 10))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 7, count: 10))
    }

    @Test("a sealed key opens only for its job (any case) and drive, under its host key")
    func cipherBinding() throws {
        let scratch = try TestEnvironment.temporaryDirectory("hostkey-cipher")
        defer { scratch.cleanup() }
        let cipher = RecoveryKeyCipher(hostKey: try HostKey.loadOrCreate(path: scratch.file("a.key")))
        let other = RecoveryKeyCipher(hostKey: try HostKey.loadOrCreate(path: scratch.file("b.key")))
        let key = BitLockerKey(StoreFixture.recoveryPassword)
        let sealed = try cipher.seal(key, jobName: "Harbor", driveId: "ZA1")
        #expect(!String(decoding: sealed, as: UTF8.self).contains(StoreFixture.recoveryPassword))
        #expect(try cipher.open(sealed, jobName: "HARBOR", driveId: "ZA1") == key)
        #expect(throws: RecoveryKeyCipherError.cannotOpen(jobName: "Harbor", driveId: "ZA2")) {
            try cipher.open(sealed, jobName: "Harbor", driveId: "ZA2")
        }
        #expect(throws: RecoveryKeyCipherError.self) { try cipher.open(sealed, jobName: "Harbour", driveId: "ZA1") }
        #expect(throws: RecoveryKeyCipherError.self) { try other.open(sealed, jobName: "Harbor", driveId: "ZA1") }
        var altered = sealed
        altered[20] ^= 1
        #expect(throws: RecoveryKeyCipherError.self) { try cipher.open(altered, jobName: "Harbor", driveId: "ZA1") }
        #expect(try cipher.seal(key, jobName: "Harbor", driveId: "ZA1") != sealed)
    }
}
