import Foundation
import IEDriveCore
import IEDriveDriveWriter
import IEDriveExport
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// NTFS made and written by the drive writer on a plain volume (no cipher), read back by
/// iedrive's own reader (libntfs-3g read-only) and by ntfs-3g's tools.
@Suite struct PlainNTFSWriterTests {
    @Test("mkntfs into a scratch file, copied onto the volume; directories, Unicode, large and sparse files read back",
          .enabled(if: TestEnvironment.isOnPath("ntfsfix"), "needs ntfs-3g's ntfsfix (scripts/bootstrap installs ntfs-3g)"))
    func writeAndReadBack() throws {
        let directory = try TestEnvironment.temporaryDirectory("plain-writer")
        defer { directory.cleanup() }
        let image = directory.file("plain.img")
        let size: UInt64 = 64 << 20
        let fd = try WriterTestImage.create(image, size: size)
        defer { close(fd) }

        let volume = try PlaintextVolume(fd: fd, dataSize: size, key: nil)
        try NTFSFormatter.format(volume, label: "EXPORT", scratchDirectory: directory.path)
        #expect(volume.bytesWritten < 8 << 20, "only the file system's own structures are written")
        let writer = try NTFSWriter(mounting: volume)
        let big = WriterTestImage.pattern(count: 9 << 20 + 123, seed: 7)
        let small = Array("hello, drive\n".utf8)
        try writer.makeDirectory(["pictures", "bob"])
        try writer.writeFile(["pictures", "bob", "desert.jpg"], bytes: big)
        try writer.writeFile(["pictures", "Ünïcødé 名前.txt"], bytes: small)
        try writer.writeFile(["empty"], bytes: [])
        // Sparse: 64 KiB at 0 and at 5 MiB in an 8 MiB file.
        try writer.createFile(["sparse.vhd"], size: 8 << 20, sparse: true)
        let page = WriterTestImage.pattern(count: 64 << 10, seed: 3)
        try writer.write(page, at: 0)
        try writer.write(page, at: 5 << 20)
        try writer.closeFile()
        #expect(throws: DriveWriteError.self) { try writer.writeFile(["empty"], bytes: []) }
        try writer.unmount()

        let ntfs = try NTFSVolume(deviceFD: fd)
        #expect(ntfs.info.label == "EXPORT")
        #expect(try WriterTestImage.readAll(ntfs, "/pictures/bob/desert.jpg") == big)
        #expect(try WriterTestImage.readAll(ntfs, "/pictures/Ünïcødé 名前.txt") == small)
        #expect(try WriterTestImage.readAll(ntfs, "/empty") == [])
        var expected = [UInt8](repeating: 0, count: 8 << 20)
        expected.replaceSubrange(0..<page.count, with: page)
        expected.replaceSubrange((5 << 20)..<(5 << 20) + page.count, with: page)
        #expect(try WriterTestImage.readAll(ntfs, "/sparse.vhd") == expected)
        // Only the two written runs hold clusters; the rest are holes.
        let allocated = try WriterTestImage.allocatedBytes(ntfs, "/sparse.vhd")
        #expect(allocated > 0 && allocated <= 256 << 10, "8 MiB sparse file with 128 KiB of data allocates \(allocated) bytes")
        #expect(try WriterTestImage.allocatedBytes(ntfs, "/pictures/bob/desert.jpg") >= UInt64(big.count))

        // ntfs-3g's own check of the volume it did not write.
        let check = try CommandRunner.run(["ntfsfix", "--no-action", image])
        #expect(check.status == 0, "\(check)")
    }
}
