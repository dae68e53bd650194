import Foundation
import IEDriveTestSupport
import Testing

/// Import dispositions (drive-manifest.md §5) against blobs that exist in the target: a drive
/// is imported, then a second drive with the same names and other bytes is imported into the
/// same target with a fresh journal each time.
@Suite(.requiresRoot)
struct ImportDispositionTests {
    static let names = ["docs/report.pdf", "video/clip.final.mp4", "reports/summary", "big.bin", "v1.2/readme"]
    static let renamed = ["docs/report (2).pdf", "video/clip.final (2).mp4", "reports/summary (2)", "big (2).bin",
                          "v1.2/readme (2)"]

    static func tree(_ root: String, seed: UInt64) throws -> (SourceTree, [String: [UInt8]]) {
        var tree = try SourceTree(root: root, seed: seed)
        try tree.randomFile("docs/report.pdf", size: 100_000 + Int(seed % 1000))
        try tree.randomFile("video/clip.final.mp4", size: (3 << 19) + 7)
        try tree.textFile("reports/summary", size: 4_321)
        try tree.randomFile("big.bin", size: (9 << 20) + 1)
        try tree.textFile("v1.2/readme", size: 999)
        var bytes: [String: [UInt8]] = [:]
        for name in names { bytes[name] = try tree.bytes(name) }
        return (tree, bytes)
    }

    @Test("rename → \"name (2).ext\", again \"name (3).ext\"; no-overwrite → Skipped, original untouched; overwrite → Overwritten; exit 0 CompletedWithWarnings")
    func dispositions() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-dispositions")
        defer { scratch.cleanup() }
        let (treeA, first) = try Self.tree(scratch.file("treeA"), seed: 1)
        let (treeB, second) = try Self.tree(scratch.file("treeB"), seed: 2)
        #expect(first != second)
        try ManifestTool.make(treeA.root)
        // Drive B carries two manifests: one without ImportDisposition (rename by default), one
        // that asks for no-overwrite on every blob. Both made before either is on the drive.
        try ManifestTool.make(treeB.root, ["--output", scratch.file("b-default.xml")])
        try ManifestTool.make(treeB.root, ["--output", scratch.file("b-noov.xml"), "--disposition", "no-overwrite"])
        try FileManager.default.copyItem(atPath: scratch.file("b-default.xml"), toPath: treeB.path("DriveManifest.xml"))
        try FileManager.default.copyItem(atPath: scratch.file("b-noov.xml"), toPath: treeB.path("noov.xml"))
        let driveA = try ImportDrives.plain(treeA.root, at: scratch.file("a.img"))
        let driveB = try ImportDrives.plain(treeB.root, at: scratch.file("b.img"))
        var proof = ReadOnlyProof()
        try proof.record(driveA.path)
        try proof.record(driveB.path)

        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let view = TargetView(target)
        func blobs(_ pairs: [(String, [UInt8])]) -> ExpectedBlobs {
            Dictionary(uniqueKeysWithValues: pairs.map { ("import/" + $0.0, $0.1) })
        }
        var expected = blobs(Self.names.map { ($0, first[$0]!) })

        // 1. Drive A into an empty target: every blob Created.
        let created = try Importer.run(driveA.path, target: target, journal: scratch.file("j1.sqlite"))
        #expect(created.status == 0, "\(created)")
        #expect(created.summary?["driveStatus"] as? String == "Completed")
        #expect(created.blobEvents.isEmpty)
        try expectTarget(view, holdsExactly: expected, "after drive A")

        // 2. Drive B, rename (the default): new blobs "name (2)", the originals untouched.
        let renamed = try Importer.run(driveB.path, target: target, journal: scratch.file("j2.sqlite"))
        #expect(renamed.status == 0, "\(renamed)")
        #expect(renamed.summary?["driveStatus"] as? String == "CompletedWithWarnings")
        #expect(renamed.blobEvents.count == Self.names.count)
        for event in renamed.blobEvents {
            #expect(event["disposition"] as? String == "Renamed", "\(event)")
            #expect(event["status"] as? String == "Completed", "\(event)")
        }
        #expect(Set(renamed.blobEvents.compactMap { $0["blobPath"] as? String }) == Set(Self.renamed.map { "import/" + $0 }))
        for (name, newName) in zip(Self.names, Self.renamed) { expected["import/" + newName] = second[name] }
        try expectTarget(view, holdsExactly: expected, "after drive B, rename")

        // 3. Drive B again, same manifest, fresh journal: the next free names, "name (3)".
        let renamedAgain = try Importer.run(driveB.path, target: target, journal: scratch.file("j3.sqlite"))
        #expect(renamedAgain.status == 0, "\(renamedAgain)")
        #expect(renamedAgain.summary?["driveStatus"] as? String == "CompletedWithWarnings")
        let third = Self.renamed.map { "import/" + $0.replacingOccurrences(of: "(2)", with: "(3)") }
        #expect(Set(renamedAgain.blobEvents.compactMap { $0["blobPath"] as? String }) == Set(third), "\(renamedAgain.blobEvents)")
        for (name, newName) in zip(Self.names, third) { expected[newName] = second[name] }
        try expectTarget(view, holdsExactly: expected, "after drive B, rename again")

        // 4. Drive B with its no-overwrite manifest: every blob Skipped, nothing read or changed.
        let skipped = try Importer.run(driveB.path, target: target, journal: scratch.file("j4.sqlite"),
                                       extra: ["--manifest", "\\noov.xml"])
        #expect(skipped.status == 0, "\(skipped)")
        #expect(skipped.summary?["driveStatus"] as? String == "CompletedWithWarnings")
        #expect(skipped.summaryInt("bytesCopied") == 0, "a skipped blob is not read")
        #expect(skipped.blobEvents.count == Self.names.count)
        for event in skipped.blobEvents {
            #expect(event["disposition"] as? String == "Skipped", "\(event)")
            #expect((event["blobPath"] as? String).map { Self.names.map { "import/" + $0 }.contains($0) } == true, "\(event)")
        }
        try expectTarget(view, holdsExactly: expected, "after drive B, no-overwrite")

        // 5. Drive B with --disposition overwrite: the originals now hold drive B's bytes.
        let logs = scratch.file("logs")
        let overwritten = try Importer.run(driveB.path, target: target, journal: scratch.file("j5.sqlite"),
                                           extra: ["--disposition", "overwrite", "--log-dir", logs])
        #expect(overwritten.status == 0, "\(overwritten)")
        #expect(overwritten.summary?["driveStatus"] as? String == "CompletedWithWarnings")
        for event in overwritten.blobEvents { #expect(event["disposition"] as? String == "Overwritten", "\(event)") }
        #expect(overwritten.blobEvents.count == Self.names.count)
        for name in Self.names { expected["import/" + name] = second[name] }
        try expectTarget(view, holdsExactly: expected, "after drive B, overwrite")
        #expect(view.stagingEntries().isEmpty, "\(view.stagingEntries())")
        let errorLog = try String(contentsOfFile: logs + "/" + #require(try FileManager.default.contentsOfDirectory(atPath: logs).first),
                                  encoding: .utf8)
        #expect(errorLog.contains("<Status>CompletedWithWarnings</Status>"), "\(errorLog)")
        try proof.check()
    }
}
