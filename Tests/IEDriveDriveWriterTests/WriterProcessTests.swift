import Foundation
import IEDriveBitLocker
import IEDriveCore
import IEDriveDriveWriter
import IEDriveExport
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// The per-drive writer process (`iedrive-writer`): it gets the drive as a descriptor, drops
/// root, writes what it is sent; its death fails the drive, not iedrive.
@Suite(.requiresRoot) struct WriterProcessTests {
    @Test("runs as an unprivileged user with the descriptor it was given; the drive reads back; a killed writer is a named failure")
    func unprivilegedAndKillable() throws {
        let directory = try TestEnvironment.temporaryDirectory("writer-process")
        defer { directory.cleanup() }
        let image = directory.file("drive.img")
        let size: UInt64 = 32 << 20
        let fd = try WriterTestImage.create(image, size: size)
        defer { close(fd) }
        // Root-only image: the writer can only use the descriptor.
        chmod(image, 0o600)
        let password = try BitLockerFormatter.newRecoveryPassword()
        let writer = try WriterProcessClient(deviceFD: fd, executable: TestEnvironment.builtExecutable("iedrive-writer"))
        try writer.format(size: size, cipher: .xtsAES128, password: password.revealedForUnlock, label: "PROC",
                          description: "test")
        let status = try String(contentsOfFile: "/proc/\(writer.pid)/status", encoding: .utf8)
        let uidLine = try #require(status.split(separator: "\n").first { $0.hasPrefix("Uid:") })
        #expect(!uidLine.split(separator: "\t").dropFirst().contains("0"), "the writer dropped root: \(uidLine)")
        #expect(writer.freeBytes > 20 << 20)
        let bytes = WriterTestImage.pattern(count: 3 << 20, seed: 9)
        try writer.makeDirectory(["dir"])
        try writer.writeFile(["dir", "file.bin"], bytes: Array(bytes[0..<(1 << 20)]))
        try writer.createFile(["big.bin"], size: UInt64(bytes.count), sparse: false)
        try writer.write(bytes, at: 0)
        try writer.closeFile()
        try writer.unmount()
        #expect(writer.usage != nil)

        let ntfs = try NTFSVolume(bitLocker: try BitLockerUnlocker.unlock(deviceFD: fd, recoveryPassword: password))
        #expect(try WriterTestImage.readAll(ntfs, "/big.bin") == bytes)
        #expect(try WriterTestImage.readAll(ntfs, "/dir/file.bin") == Array(bytes[0..<(1 << 20)]))

        // A second writer, killed between requests: the next request fails and says so.
        let doomed = try WriterProcessClient(deviceFD: fd, executable: TestEnvironment.builtExecutable("iedrive-writer"))
        try doomed.format(size: size, cipher: nil, password: "", label: "DOOMED", description: "")
        kill(doomed.pid, SIGKILL)
        do {
            try doomed.makeDirectory(["after"])
            Issue.record("a request to a killed writer succeeded")
        } catch {
            #expect(error.description.contains("ended unexpectedly"), "\(error)")
        }
    }
}
