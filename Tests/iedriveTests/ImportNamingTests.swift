import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Blob names at the limits of the naming rules survive `import` exactly: the manifest's
/// BlobPath is edited to long, deep, Unicode and escape-needing names (FilePath stays
/// short), and the target's list() and info() report exactly those names.
@Suite(.requiresRoot)
struct ImportNamingTests {
    /// `container/name` → content size. Names are checked against the rules by BlobPath.
    static var names: [(String, Int)] {
        let deep = (0..<253).map { "d\($0 % 10)" }.joined(separator: "/") + "/leaf"        // 254 segments
        let long = String(repeating: "L", count: 1_020) + ".bin"                            // 1,024 characters
        let cjk = String(repeating: "日本語", count: 341) + "名"                             // 1,024 UTF-16 units, 3,072 bytes
        let emoji = String(repeating: "😀", count: 511) + "xy"                              // 1,024 UTF-16 units (pairs)
        let escapes = String(repeating: "%", count: 300) + "/" + String(repeating: "~", count: 300) + "/.." + String(repeating: "y", count: 100)
        let quarters = (0..<4).map { String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 255) }
            .joined(separator: "/")                                                        // 4 × 255 + 3 = 1,023
        return [
            ("import/" + deep, 700), ("import/" + long, (5 << 20) + 3), ("import/" + cjk, 3_000), ("import/" + emoji, 10),
            ("import/" + escapes, 1_234), ("import/" + quarters, 4_096),
            ("import/100%~done", 1), ("import/.hidden/.also", 2), ("import/x~blob/y~more/z~empty", 3), ("import/a//b", 4),
            ("import/~empty", 5), ("import/%2E", 6), ("import/space at end ", 7), ("import/a", 8), ("import/a/b", 9),
            ("import/Ünïcödé — 名前/ファイル.txt", 10), ("$root/rootblob.txt", 11),
        ]
    }

    @Test("long, deep, Unicode and escaped blob names: list() and info() report exactly the manifest's BlobPaths; a rename past 1,024 characters is RenameFailed")
    func namesAtTheLimits() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-names")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0x4A3E)
        var expected: ExpectedBlobs = [:]
        for (index, (name, size)) in Self.names.enumerated() {
            let path = try BlobPath.parse(name)        // every name is legal
            #expect(path.text == name)
            try tree.randomFile("f\(index)", size: size)
            expected[name] = try tree.bytes("f\(index)")
        }
        try ManifestTool.make(tree.root)
        try ManifestTool.edit(tree.path("DriveManifest.xml")) { text in
            var text = text
            for (index, (name, _)) in Self.names.enumerated() {
                text = text.replacingOccurrences(of: "<BlobPath>import/f\(index)</BlobPath>",
                                                 with: "<BlobPath>\(ManifestTool.escaped(name))</BlobPath>")
            }
            return text
        }
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("names.img"))
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)

        let run = try Importer.run(drive.path, target: target, journal: scratch.file("j1.sqlite"))
        #expect(run.status == 0, "\(run)")
        #expect(run.summary?["driveStatus"] as? String == "Completed", "\(run)")
        let view = TargetView(target)
        try expectTarget(view, holdsExactly: expected, "names")
        for name in expected.keys {
            #expect(try view.info(name)?.path.text == name)
        }
        // Listing: byte order of the names, paging, prefixes.
        let listed = try view.list("import", page: 3).map(\.path.name)
        #expect(listed == listed.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let deepPrefix = "d0/d1/d2/"
        let deep = try view.target.list(container: "import", prefix: deepPrefix, startAfter: nil, limit: 10)
        #expect(deep.map(\.path.text) == [Self.names[0].0])
        let aPrefix = try view.target.list(container: "import", prefix: "a", startAfter: nil, limit: 10).map(\.path.name)
        #expect(aPrefix == ["a", "a//b", "a/b", String(Self.names[5].0.dropFirst("import/".count))], "\(aPrefix)")
        #expect(try view.list("$root").map(\.path.name) == ["rootblob.txt"])

        // Again, rename: every name gets "(2)" but those whose "(2)" would pass 1,024 UTF-16
        // units: RenameFailed (an error: exit 5), disposition Cancelled, nothing published.
        let again = try Importer.run(drive.path, target: target, journal: scratch.file("j2.sqlite"))
        #expect(again.status == 5, "\(again)")
        #expect(again.summary?["driveStatus"] as? String == "CompletedWithErrors", "\(again)")
        let atLimit = Set(try Self.names.map(\.0).filter { name in
            let path = try BlobPath.parse(name)
            return (try? path.withName(ImportDisposition.renamedBlobName(path.name, attempt: 2))) == nil
        })
        #expect(atLimit.count == 4)     // 1,024 ASCII, CJK and emoji; 1,023 in four segments
        for event in again.blobEvents {
            let filePath = try #require(event["filePath"] as? String)
            let index = try #require(Int(filePath.dropFirst(2)))
            let original = Self.names[index].0
            if atLimit.contains(original) {
                #expect(event["status"] as? String == "RenameFailed", "\(event)")
                #expect(event["disposition"] as? String == "Cancelled", "\(event)")
            } else {
                #expect(event["status"] as? String == "Completed", "\(event)")
                #expect(event["disposition"] as? String == "Renamed", "\(event)")
                let renamed = try BlobPath.parse(original)
                let expectedName = ImportDisposition.renamedBlobName(renamed.name, attempt: 2)
                #expect(event["blobPath"] as? String == renamed.container + "/" + expectedName, "\(event)")
                expected[renamed.container + "/" + expectedName] = expected[original]
            }
        }
        #expect(again.blobEvents.count == Self.names.count)
        try expectTarget(view, holdsExactly: expected, "after renaming")
        #expect(view.stagingEntries().isEmpty, "\(view.stagingEntries())")
        try proof.check()
    }
}
