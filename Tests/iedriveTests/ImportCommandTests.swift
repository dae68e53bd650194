import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// `iedrive import` end to end: the built binary copies real drive images (plain and BitLocker
/// NTFS, made by scripts/make-test-drive) into a local directory target; every blob is read
/// back through the target's API and compared with its source file byte for byte.
@Suite(.requiresRoot)
struct ImportCommandTests {
    @Test func helpDocumentsOptionsAndExitCodes() throws {
        let help = try CommandRunner.run([TestEnvironment.iedriveBinary, "import", "--help"])
        #expect(help.status == 0)
        for text in ["0  every blob copied", "5  copied, but some blobs failed", "4  the drive failed",
                     "1  cannot start", "2  usage error", "--commit-bytes", "--commit-seconds", "--journal", "--restart",
                     "--disposition", "--log-dir"] {
            #expect(help.stdout.contains(text), "help lacks: \(text)")
        }
        let bad = try CommandRunner.run([TestEnvironment.iedriveBinary, "import", "/x", "--target", "/y", "--commit-bytes", "0"])
        #expect(bad.status == 2, "\(bad)")
    }

    /// The tree of test 1: nested folders, Unicode names, an empty and a tiny file, random
    /// bytes, a sparse file (block blob), NTFS-compressed files, a page blob with zero holes,
    /// and metadata/properties files referenced from the manifest.
    struct PlainTree {
        var tree: SourceTree
        var expected: ExpectedBlobs = [:]

        init(root: String) throws {
            tree = try SourceTree(root: root, seed: 0x1_3A0_0001)
            try tree.file("empty.txt", [])
            try tree.file("tiny.txt", text: "tiny\n")
            try tree.textFile("Übergrößé — 日本.txt", size: 3000)
            try tree.textFile("Nested/Level 2/Level 3/deep.txt", size: 777)
            try tree.randomFile("Nested/Level 2/sibling.bin", size: 70_000)
            try tree.directory("Nested/empty dir")
            try tree.randomFile("random-5MiB.bin", size: 5 << 20)
            try tree.sparseFile("sparse.bin", size: 16 << 20, runs: [(0, 4096), (5 << 20 + 123, 10_000), ((16 << 20) - 100, 100)])
            try tree.textFile("Compressed/text.txt", size: 400_000)
            try tree.randomFile("Compressed/random.bin", size: 300_000)
            try tree.file("Compressed/Inner/zeros.bin", [UInt8](repeating: 0, count: 256 << 10))
            // A page blob: 8 MiB, data in three places, the rest zero (holes on NTFS too).
            try tree.sparseFile("disks/edge-node.vhd", size: 8 << 20,
                                runs: [(0, 65_536), (4 << 20, 1 << 20), ((8 << 20) - 512, 512)])
            // A page blob with no page range at all: nothing to read, 1 MiB of zeros.
            try tree.sparseFile("disks/blank.vhd", size: 1 << 20, runs: [])
            try tree.file("attachments/meta.xml", text: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Metadata>
                  <Project>harbor-survey</Project>
                  <Owner>ops-team</Owner>
                  <Empty></Empty>
                  <Note>naïve — 日本語 &amp; more</Note>
                </Metadata>

                """)
            try tree.file("attachments/props.xml", text: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Properties>
                  <Last-Modified>Tue, 14 Jan 2020 08:30:00 GMT</Last-Modified>
                  <Content-Type>application/octet-stream</Content-Type>
                  <Content-Encoding>identity</Content-Encoding>
                  <Content-Language>en-GB</Content-Language>
                  <Cache-Control>max-age=3600</Cache-Control>
                  <Content-MD5>a2Ns9QxYbjm3FZzlBnrGGw==</Content-MD5>
                </Properties>

                """)
            try tree.file("attachments/list-meta.xml", text: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Metadata>
                  <Source>drive-list-default</Source>
                </Metadata>

                """)
            for file in try TestTrees.files(in: root) {
                expected["import" + file] = try tree.bytes(String(file.dropFirst()))
            }
        }
    }

    @Test("plain NTFS tree: exit 0, every blob byte-identical, page blob sparse, metadata and properties applied; image unchanged")
    func plainTree() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-plain")
        defer { scratch.cleanup() }
        let source = try PlainTree(root: scratch.file("tree"))
        let tree = source.tree
        try ManifestTool.make(tree.root, ["--page", "disks/*.vhd", "--drive-id", "PLAIN01"])
        let metaMD5 = ManifestTool.md5(try tree.bytes("attachments/meta.xml"))
        let propsMD5 = ManifestTool.md5(try tree.bytes("attachments/props.xml"))
        let listMD5 = ManifestTool.md5(try tree.bytes("attachments/list-meta.xml"))
        try ManifestTool.edit(tree.path("DriveManifest.xml")) { text in
            var text = try ManifestTool.appendToBlob("import/random-5MiB.bin",
                                                     "<MetadataPath Hash=\"\(metaMD5)\">\\attachments\\meta.xml</MetadataPath>", in: text)
            text = try ManifestTool.appendToBlob("import/random-5MiB.bin",
                                                 "<PropertiesPath Hash=\"\(propsMD5)\">\\attachments\\props.xml</PropertiesPath>", in: text)
            // The list's default metadata, for every blob without its own file (drive-manifest.md §6).
            return text.replacingOccurrences(of: "    <BlobList>\n",
                                             with: "    <BlobList>\n      <MetadataPath Hash=\"\(listMD5)\">\\attachments\\list-meta.xml</MetadataPath>\n")
        }
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("plain.img"), extra: ["--compressed-dir", "Compressed"])
        var proof = ReadOnlyProof()
        try proof.record(drive.path)

        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let logs = scratch.file("logs")
        let run = try Importer.run(drive.path, target: target, journal: scratch.file("journal.sqlite"),
                                   extra: ["--log-dir", logs, "--verbose-log"])
        #expect(run.status == 0, "\(run)")
        let summary = try #require(run.summary, "\(run)")
        #expect(summary["driveStatus"] as? String == "Completed")
        #expect(run.summaryInt("blobs") == source.expected.count)
        #expect(run.summaryInt("blobsCompleted") == source.expected.count)
        #expect(run.summaryInt("blobsWithErrors") == 0)
        #expect(run.summaryInt("bytesResumed") == 0)
        #expect(run.summaryInt("bytesCopied") == run.summaryInt("totalBytes"), "a clean run copies every byte it counts")
        // Most bytes were read from the drive directly (mapped); compressed and resident files
        // came through the reader.
        let direct = try #require(run.summaryInt("bytesReadDirectly"))
        let copied = try #require(run.summaryInt("bytesCopied"))
        #expect(direct >= 5 << 20 && direct < copied, "read directly \(direct) of \(copied)")
        #expect(run.blobEvents.isEmpty, "no blob was anything but Completed: \(run.blobEvents)")
        let progress = run.events("progress")
        #expect((progress.last?["percentComplete"] as? Int) == 100, "progress ends at 100%: \(progress.last ?? [:])")

        let view = TargetView(target)
        try expectTarget(view, holdsExactly: source.expected, "plain")
        #expect(view.stagingEntries().isEmpty, "staging left behind: \(view.stagingEntries())")

        // Types, and the page blob's holes stay holes.
        #expect(try view.info("import/disks/edge-node.vhd")?.type == .page)
        #expect(try view.info("import/random-5MiB.bin")?.type == .block)
        let pageAllocated = try view.allocatedBytes("import/disks/edge-node.vhd")
        #expect(pageAllocated < 2 << 20, "page blob of 8 MiB with 1.1 MiB of data allocates \(pageAllocated) bytes")
        #expect(try view.info("import/disks/blank.vhd")?.type == .page)
        #expect(try view.allocatedBytes("import/disks/blank.vhd") < 64 << 10)

        // Metadata and properties: the blob's own files replace the list's defaults.
        let random = try #require(try view.info("import/random-5MiB.bin"))
        #expect(random.metadata == BlobMetadata(pairs: [
            .init(name: "Project", value: "harbor-survey"), .init(name: "Owner", value: "ops-team"),
            .init(name: "Empty", value: ""), .init(name: "Note", value: "naïve — 日本語 & more"),
        ]))
        #expect(random.properties.contentType == "application/octet-stream")
        #expect(random.properties.contentEncoding == "identity")
        #expect(random.properties.contentLanguage == "en-GB")
        #expect(random.properties.cacheControl == "max-age=3600")
        #expect(random.properties.contentMD5 == MD5Digest(base16: "6B636CF50C586E39B7159CE5067AC61B"))
        #expect(random.properties.lastModified != "Tue, 14 Jan 2020 08:30:00 GMT", "Last-Modified is the target's, not the file's")
        #expect(random.properties.contentLength == 5 << 20)
        for other in ["import/tiny.txt", "import/disks/edge-node.vhd", "import/Übergrößé — 日本.txt"] {
            let info = try #require(try view.info(other))
            #expect(info.metadata == BlobMetadata(pairs: [.init(name: "Source", value: "drive-list-default")]), "\(other)")
            #expect(info.properties.contentType == nil, "\(other)")
        }

        // The logs: error log with the drive status only, verbose log with every blob.
        let files = try FileManager.default.contentsOfDirectory(atPath: logs)
        // Named after the manifest's DriveId (no --drive-id given): import_PLAIN01_<time>_<kind>.xml.
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("import_PLAIN01_") }, "\(files)")
        let errorLog = try String(contentsOfFile: logs + "/" + #require(files.first { $0.hasSuffix("_error.xml") }), encoding: .utf8)
        #expect(errorLog.contains("<Status>Completed</Status>"))
        #expect(errorLog.contains("<DriveId>PLAIN01</DriveId>"), "\(errorLog.prefix(600))")
        #expect(!errorLog.contains("<Blob"), "an error log of a clean run lists no blob")
        let verbose = try String(contentsOfFile: logs + "/" + #require(files.first { $0.hasSuffix("_verbose.xml") }), encoding: .utf8)
        #expect(verbose.contains("<BlobPath>import/random-5MiB.bin</BlobPath>"))
        #expect(verbose.contains("<Metadata Status=\"Completed\">"), "\(verbose.prefix(3000))")

        // Through the reader only, into another target: the same blobs, byte for byte.
        let throughReader = scratch.file("target-through-reader")
        try FileManager.default.createDirectory(atPath: throughReader, withIntermediateDirectories: true)
        let piped = try Importer.run(drive.path, target: throughReader, journal: scratch.file("journal-2.sqlite"),
                                     extra: ["--read-through-reader"])
        #expect(piped.status == 0, "\(piped)")
        #expect(piped.summaryInt("bytesReadDirectly") == 0)
        try expectTarget(TargetView(throughReader), holdsExactly: source.expected, "through the reader")

        // Again with the same journal: nothing to do, nothing read, same target.
        let again = try Importer.run(drive.path, target: target, journal: scratch.file("journal.sqlite"))
        #expect(again.status == 0, "\(again)")
        #expect(again.summaryInt("bytesCopied") == 0)
        #expect(again.summaryInt("blobsResumed") == source.expected.count)
        try expectTarget(view, holdsExactly: source.expected, "after a rerun")
        try proof.check()
    }

    @Test("BitLocker drive (recovery key from a file): byte-identical import; image unchanged",
          .requiresFixtures)
    func bitLocker() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-bitlocker")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0xB17_10C)
        try tree.randomFile("data/one.bin", size: 3 << 20)
        try tree.randomFile("data/two.bin", size: (4 << 20) + 17)
        try tree.textFile("notes/日本語のメモ.txt", size: 12_345)
        try tree.file("empty", [])
        var expected: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: tree.root) { expected["import" + file] = try tree.bytes(String(file.dropFirst())) }
        try ManifestTool.make(tree.root)
        let drive = try TestDrives.build("bitlocker-ntfs", at: scratch.file("bitlocker.img"), options: ["--files", tree.root])
        let key = try #require(drive.recoveryKey)
        try (key + "\n").write(toFile: scratch.file("key.txt"), atomically: true, encoding: .utf8)
        var proof = ReadOnlyProof()
        try proof.record(drive.path)

        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        // Without the key a BitLocker drive is refused before anything is copied.
        let locked = try Importer.run(drive.path, target: target, journal: scratch.file("j0.sqlite"), unencrypted: false)
        #expect(locked.status != 0, "\(locked)")
        #expect(try TargetView(target).names(["import"]).isEmpty)

        let run = try Importer.run(drive.path, target: target, journal: scratch.file("journal.sqlite"), unencrypted: false,
                                   extra: ["--recovery-key-file", scratch.file("key.txt")])
        #expect(run.status == 0, "\(run)")
        #expect(run.summary?["driveStatus"] as? String == "Completed")
        #expect(run.summaryInt("bytesReadDirectly") == 0, "BitLocker bytes on the drive are ciphertext: all through the reader")
        try expectTarget(TargetView(target), holdsExactly: expected, "bitlocker")
        try proof.check()
    }

    @Test("the same journal with a changed manifest: exit 1 naming --restart; with --restart the copy starts over, earlier blobs stay")
    func changedManifestNeedsRestart() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-restart")
        defer { scratch.cleanup() }
        var first = try SourceTree(root: scratch.file("first"), seed: 0x5E1)
        try first.randomFile("x.bin", size: 200_000)
        try ManifestTool.make(first.root)
        var second = try SourceTree(root: scratch.file("second"), seed: 0x5E2)
        try second.randomFile("x.bin", size: 300_000)
        try ManifestTool.make(second.root)           // same DriveId, another manifest
        let driveA = try ImportDrives.plain(first.root, at: scratch.file("a.img"))
        let driveB = try ImportDrives.plain(second.root, at: scratch.file("b.img"))
        var proof = ReadOnlyProof()
        try proof.record(driveA.path)
        try proof.record(driveB.path)
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let journal = scratch.file("journal.sqlite")
        #expect(try Importer.run(driveA.path, target: target, journal: journal).status == 0)

        let refused = try Importer.run(driveB.path, target: target, journal: journal)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("different manifest"), "\(refused)")
        #expect(refused.stderr.contains("--restart"), "\(refused)")
        let view = TargetView(target)
        try expectTarget(view, holdsExactly: ["import/x.bin": try first.bytes("x.bin")], "refused")

        let restarted = try Importer.run(driveB.path, target: target, journal: journal, extra: ["--restart"])
        #expect(restarted.status == 0, "\(restarted)")
        #expect(restarted.summary?["driveStatus"] as? String == "CompletedWithWarnings", "\(restarted)")
        try expectTarget(view, holdsExactly: ["import/x.bin": try first.bytes("x.bin"), "import/x (2).bin": try second.bytes("x.bin")],
                         "restarted")
        try proof.check()
    }
}
