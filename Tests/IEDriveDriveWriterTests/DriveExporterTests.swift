import Foundation
import IEDriveBitLocker
@testable import IEDriveCopy
import IEDriveCore
import IEDriveDriveWriter
import IEDriveExport
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// DriveExporter from a real local directory target onto a BitLocker drive made by the writer,
/// read back through libdislocker and libntfs-3g in this process.
@Suite struct DriveExporterTests {
    struct Source {
        let target: LocalDirectoryTarget
        func put(_ path: String, _ bytes: [UInt8], type: BlobType = .block, metadata: BlobMetadata = BlobMetadata(),
                 properties: BlobProperties = BlobProperties()) throws {
            let id = StagedBlobID("export-\(UInt64.random(in: 0...UInt64.max))")
            let fd = try target.openStaging(id, length: UInt64(bytes.count))
            _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            close(fd)
            let request = PublishRequest(staged: id, path: try BlobPath.parse(path), type: type, length: UInt64(bytes.count),
                                         disposition: .overwrite, properties: properties, metadata: metadata)
            _ = try target.publish([request])
        }
    }

    @Test("blobs, holes, side files and manifest on the drive; unsupported names and a blob too big are listed, the rest goes on")
    func exportOntoBitLocker() throws {
        let directory = try TestEnvironment.temporaryDirectory("exporter")
        defer { directory.cleanup() }
        let root = directory.file("source")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = Source(target: LocalDirectoryTarget(root: root))
        let big = WriterTestImage.pattern(count: 9 << 20 + 5, seed: 1)
        var page = [UInt8](repeating: 0, count: 12 << 20)
        page.replaceSubrange((8 << 20)..<(8 << 20) + 4096, with: WriterTestImage.pattern(count: 4096, seed: 2))
        try source.put("data/big.bin", big, properties: BlobProperties(contentType: "application/octet-stream"))
        try source.put("data/disks/edge.vhd", page, type: .page)
        try source.put("data/名前/メモ.txt", Array("memo".utf8),
                       metadata: BlobMetadata(pairs: [.init(name: "Project", value: "harbor & survey")]))
        try source.put("data/empty", [])
        try source.put("data/bad:name.txt", Array("x".utf8))
        try source.put("data/dir/CON", Array("x".utf8))
        try source.put("data/Case.txt", Array("upper".utf8))
        try source.put("data/case.txt", Array("lower".utf8))
        try source.put("huge/too-big.bin", WriterTestImage.pattern(count: 40 << 20, seed: 3))
        try source.put("clash/Dir/first.txt", Array("first".utf8))
        try source.put("clash/dir/second.txt", Array("second".utf8))
        try source.put("clash/note", Array("note".utf8))
        try source.put("clash/note.properties", Array("not a side file".utf8))

        let image = directory.file("export.img")
        let size: UInt64 = 40 << 20
        let fd = try WriterTestImage.create(image, size: size)
        defer { close(fd) }
        let password = try BitLockerFormatter.newRecoveryPassword()
        let made = try DriveVolumeMaker.make(fd: fd, size: size, encryption: .bitLocker(.xtsAES256, password), label: "EXP",
                                             description: "test", scratchDirectory: directory.path)
        let writer = try NTFSWriter(mounting: made.volume)
        let selection = BlobListSelection(paths: [], prefixes: [BlobPathPrefix.everything])
        var listed: [String] = []
        try DriveExporter.forEachSelected(selection, in: source.target) { listed.append($0.path.text); return true }
        #expect(listed == ["clash/Dir/first.txt", "clash/dir/second.txt", "clash/note",
                                            "clash/note.properties", "data/Case.txt", "data/bad:name.txt", "data/big.bin",
                                            "data/case.txt", "data/dir/CON", "data/disks/edge.vhd", "data/empty",
                                            "data/名前/メモ.txt", "huge/too-big.bin"])
        var reports = 0
        var ended: [ExportedBlob] = []
        let totals = try DriveExporter.totals(selection, in: source.target)
        #expect(totals.count == listed.count && totals.firstLength != nil)
        let summary = try DriveExporter(source: source.target, writer: writer, driveID: "ZEXPORT1",
                                        scratchDirectory: directory.path).run(selection, totals: totals, progress: { _ in reports += 1 },
                                                                             blobDone: { ended.append($0) })
        try writer.unmount()
        #expect(reports >= listed.count)
        #expect(ended.map(\.path.text) == listed, "every blob reported once, in order")
        #expect(summary.offered == listed.count && summary.completed == listed.count - summary.incomplete.count)
        let status = Dictionary(uniqueKeysWithValues: ended.map { ($0.path.text, $0.status) })
        #expect(status["data/big.bin"] == .completed)
        #expect(status["data/disks/edge.vhd"] == .completed)
        #expect(status["data/名前/メモ.txt"] == .completed)
        #expect(status["data/empty"] == .completed)
        #expect(status["data/Case.txt"] == .completed)
        #expect(status["data/case.txt"] == .unsupportedData, "a name differing only in case cannot sit beside it on Windows")
        #expect(status["data/bad:name.txt"] == .unsupportedData)
        #expect(status["data/dir/CON"] == .unsupportedData)
        #expect(status["huge/too-big.bin"] == .didNotFit)
        #expect(status["clash/Dir/first.txt"] == .completed)
        #expect(status["clash/dir/second.txt"] == .unsupportedData, "a folder differing only in case is the same folder on Windows")
        #expect(status["clash/note"] == .completed)
        #expect(status["clash/note.properties"] == .unsupportedData, "the name of note's properties file")
        #expect(summary.incomplete.count == 6)

        // Read back through libdislocker (the reader's unlock) and libntfs-3g.
        let readFD = open(image, O_RDONLY | O_CLOEXEC)
        defer { close(readFD) }
        let ntfs = try NTFSVolume(bitLocker: try BitLockerUnlocker.unlock(deviceFD: readFD, recoveryPassword: password))
        #expect(try WriterTestImage.readAll(ntfs, "/data/big.bin") == big)
        #expect(try WriterTestImage.readAll(ntfs, "/data/disks/edge.vhd") == page)
        // (That its zero blocks stay holes is checked on a plain volume, whose runlist maps to
        // the device: PlainNTFSWriterTests; the reader does not map files of a BitLocker volume.)
        #expect(try WriterTestImage.readAll(ntfs, "/data/名前/メモ.txt") == Array("memo".utf8))
        #expect(try WriterTestImage.readAll(ntfs, "/data/empty") == [])
        #expect(try WriterTestImage.readAll(ntfs, "/data/Case.txt") == Array("upper".utf8))
        let metadata = String(decoding: try WriterTestImage.readAll(ntfs, "/data/名前/メモ.txt.metadata"), as: UTF8.self)
        #expect(metadata.contains("<Project>harbor &amp; survey</Project>"))
        let properties = String(decoding: try WriterTestImage.readAll(ntfs, "/data/big.bin.properties"), as: UTF8.self)
        #expect(properties.contains("<Content-Type>application/octet-stream</Content-Type>"))
        #expect(properties.contains("<Content-Length>\(big.count)</Content-Length>"))
        let manifest = String(decoding: try WriterTestImage.readAll(ntfs, "/ZEXPORT1.manifest"), as: UTF8.self)
        #expect(manifest.contains("<DriveId>ZEXPORT1</DriveId>"))
        #expect(manifest.contains("<FilePath>\\data\\big.bin</FilePath>"))
        #expect(manifest.components(separatedBy: "<Block ").count - 1 == 3 + 1 + 1 + 2, "big.bin: 3 blocks; memo, Case.txt, first.txt, note: 1 each")
        // The page blob lists only the pages with data (512-byte granularity); its holes stay holes.
        let pageRanges = manifest.components(separatedBy: "<PageRange ").dropFirst().map { $0.prefix(while: { $0 != "/" }) }
        #expect(pageRanges.count == 1 && pageRanges.first?.hasPrefix("Offset=\"8388608\" Length=\"4096\"") == true, "\(pageRanges)")
        #expect(!manifest.contains("too-big") && !manifest.contains("bad:name"))
    }
}
