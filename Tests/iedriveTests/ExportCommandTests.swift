import Foundation
import IEDriveCore
import IEDriveTestSupport
import Testing

/// `iedrive export` by hand: a tree imported into a local directory target, exported onto a
/// blank image by the BitLocker writer, then read back by the four ways a customer or operator
/// would: `--verify` (reader process), import of the exported drive (reader process,
/// libdislocker), dislocker-fuse + ntfs-3g, cryptsetup.
@Suite(.requiresRoot) struct ExportCommandTests {
    static func export(_ image: String, source: String, _ extra: [String]) throws -> ImportRun {
        let result = try CommandRunner.run([TestEnvironment.iedriveBinary, "export", image, "--source", source, "--json"] + extra)
        return ImportRun(status: result.status, stdout: result.stdout, stderr: result.stderr, signal: nil)
    }

    @Test("help names the selection forms, the password's destinations and the exit codes")
    func help() throws {
        let help = try CommandRunner.run([TestEnvironment.iedriveBinary, "export", "--help"])
        for needle in ["--blob-list", "--blob-path", "--blob-prefix", "--recovery-password-file", "--print-recovery-password",
                       "--verify", "xts-aes-256", "Exit status"] {
            #expect(help.stdout.contains(needle), "\(needle) missing from: \(help.stdout)")
        }
        let usage = try CommandRunner.run([TestEnvironment.iedriveBinary, "export", "/tmp/x.img", "--source", "/tmp",
                                           "--blob-prefix", "/"])
        #expect(usage.status == 2, "no password destination is a usage error: \(usage)")
    }

    @Test("round trip: import → export (XTS-256, --verify) → import again and dislocker-fuse, byte-identical")
    func roundTrip() throws {
        let scratch = try TestEnvironment.temporaryDirectory("export-round-trip")
        defer { scratch.cleanup() }
        let source = try ImportCommandTests.PlainTree(root: scratch.file("tree"))
        try ManifestTool.make(source.tree.root, ["--page", "disks/*.vhd", "--drive-id", "SOURCE1"])
        let drive = try ImportDrives.plain(source.tree.root, at: scratch.file("plain.img"))
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let imported = try Importer.run(drive.path, target: target, journal: scratch.file("journal.sqlite"))
        #expect(imported.status == 0, "\(imported)")

        let image = scratch.file("ZEXP0001.img")
        try CommandRunner.check(["truncate", "-s", "64M", image])
        let keyFile = scratch.file("recovery-password")
        let exported = try Self.export(image, source: target, ["--blob-prefix", "/import/", "--recovery-password-file", keyFile,
                                                                "--verify"])
        #expect(exported.status == 0, "\(exported)")
        let summary = try #require(exported.summary, "\(exported)")
        #expect(summary["driveId"] as? String == "ZEXP0001")
        #expect(exported.summaryInt("blobsCompleted") == source.expected.count)
        #expect((summary["verified"] as? String)?.contains("match the manifest") == true, "\(summary)")
        let password = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try RecoveryPassword(password).revealedForUnlock == password)
        #expect(!exported.stdout.contains(password) && !exported.stderr.contains(password), "the password only goes to its file")
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // Import the exported drive: the reader unlocks it, the manifest drives the copy.
        let back = scratch.file("target-back")
        try FileManager.default.createDirectory(atPath: back, withIntermediateDirectories: true)
        let reimported = try Importer.run(image, target: back, journal: scratch.file("journal-back.sqlite"), unencrypted: false,
                                          extra: ["--recovery-key-file", keyFile, "--manifest", "\\ZEXP0001.manifest"])
        #expect(reimported.status == 0, "\(reimported)")
        try expectTarget(TargetView(back), holdsExactly: source.expected, "re-imported")

        // dislocker-fuse + ntfs-3g see the same files.
        try ScratchMount.dislockerNTFS(image: image, password: password, in: scratch) { root in
            for (blob, bytes) in source.expected {
                let path = root + "/" + blob
                #expect(FileManager.default.contents(atPath: path).map(Array.init) == bytes, "\(blob)")
                #expect(FileManager.default.fileExists(atPath: path + ".properties"), "\(blob).properties")
            }
            #expect(FileManager.default.fileExists(atPath: root + "/ZEXP0001.manifest"))
        }
    }

    @Test("a blob list that is not valid is Export blob list format invalid (exit 4); a blob path matching nothing is not")
    func invalidBlobList() throws {
        let scratch = try TestEnvironment.temporaryDirectory("export-bloblist")
        defer { scratch.cleanup() }
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target + "/cont", withIntermediateDirectories: true)
        let image = scratch.file("bad.img")
        try CommandRunner.check(["truncate", "-s", "16M", image])
        let list = scratch.file("list.xml")
        try Data("<?xml version=\"1.0\"?><BlobList><BlobPathPrefix>no-slash</BlobPathPrefix></BlobList>".utf8)
            .write(to: URL(fileURLWithPath: list))
        let bad = try Self.export(image, source: target, ["--blob-list", list, "--recovery-password-file", scratch.file("k1")])
        #expect(bad.status == 4, "\(bad)")
        #expect(bad.stderr.contains("Export blob list format invalid"), "\(bad)")
        let none = try Self.export(image, source: target, ["--blob-path", "cont/missing.bin", "--recovery-password-file",
                                                            scratch.file("k2")])
        #expect(none.status == 0, "\(none)")
        #expect(none.summaryInt("blobs") == 0)
    }

    @Test("a drive whose writes fail — while formatting, or later under the blobs' data — ends as Hardware error (exit 4)",
          .requiresLoopDevices, .requiresFUSE, arguments: [FaultFS.Rule.writeEIOAfter(offset: 20 << 20),
                                                            .writeEIO(offset: 40 << 20, length: 8 << 20)])
    func driveFailingWrites(fault: FaultFS.Rule) throws {
        let scratch = try TestEnvironment.temporaryDirectory("export-hardware")
        defer { scratch.cleanup() }
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target + "/cont", withIntermediateDirectories: true)
        var source = try ImportCommandTests.PlainTree(root: scratch.file("tree"))
        // 30 MiB more, so the blobs' data reaches past 40 MiB (mkntfs writes nothing there).
        try source.tree.randomFile("filler.bin", size: 30 << 20)
        try ManifestTool.make(source.tree.root, ["--drive-id", "SOURCE2"])
        let drive = try ImportDrives.plain(source.tree.root, at: scratch.file("plain.img"))
        let imported = try Importer.run(drive.path, target: target, journal: scratch.file("journal.sqlite"))
        #expect(imported.status == 0, "\(imported)")
        let image = scratch.file("failing.img")
        try CommandRunner.check(["truncate", "-s", "64M", image])
        try FaultFS.with(image: image, faults: [fault], writable: true) { mount in
            try LoopDevice.with(mount.imagePath, readOnly: false) { loop in
                let run = try Self.export(loop.path, source: target, ["--blob-prefix", "/", "--recovery-password-file",
                                                                       scratch.file("key")])
                #expect(run.status == 4, "\(run)")
                #expect(run.stderr.contains("Hardware error"), "\(run)")
                let stats = try mount.stats()
                #expect(stats.failed > 0, "the fault was hit: \(stats)")
            }
        }
    }
}
