import Foundation
import IEDriveTestSupport
import Testing

/// `iedrive import` when things go wrong: a block whose MD5 is wrong (exit 5, that blob alone
/// not published), a read-only or full target (exit 4, "Storage account not accessible"), the
/// reader process killed mid-stream (exit 4, "Disk corrupted"); and each stopped copy resumed
/// to a byte-identical end.
@Suite(.requiresRoot)
struct ImportFailureTests {
    // MARK: Corrupted block

    @Test("per-blob errors (a wrong block MD5, a missing file, a short file, a corrupted metadata file): exit 5, those blobs not published, the others are; the error log names each")
    func corruptedBlock() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-corrupt")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0xC0_4407)
        try tree.randomFile("good/a.bin", size: 3 << 20)
        try tree.randomFile("bad/multi.bin", size: (10 << 20) + 99)
        try tree.textFile("good/b.txt", size: 10_000)
        try tree.randomFile("good/c.bin", size: 6 << 20)
        try tree.randomFile("bad/gone.bin", size: 1_000)
        try tree.randomFile("bad/short.bin", size: 1 << 20)
        try tree.file("meta.xml", text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Metadata><A>1</A></Metadata>\n")
        try ManifestTool.make(tree.root)
        try ManifestTool.edit(tree.path("DriveManifest.xml")) { text in
            // The second block of bad/multi.bin: keep its line, change its hash.
            let good = ManifestTool.md5(Array(try tree.bytes("bad/multi.bin")[(4 << 20)..<(8 << 20)]))
            var text = try ManifestTool.replaceInBlob("import/bad/multi.bin", "Hash=\"\(good)\"",
                                                      "Hash=\"0123456789ABCDEF0123456789ABCDEF\"", in: text)
            // A file the manifest names that the drive lacks.
            text = try ManifestTool.replaceInBlob("import/bad/gone.bin", "\\bad\\gone.bin", "\\bad\\no-such-file.bin", in: text)
            // A file 4 KiB shorter than the manifest says (one more block past its end).
            let extraID = Data("blk0000001".utf8).base64EncodedString()
            text = try ManifestTool.replaceInBlob("import/bad/short.bin", "<Length>1048576</Length>", "<Length>1052672</Length>", in: text)
            text = try ManifestTool.replaceInBlob("import/bad/short.bin", "        </BlockList>",
                                                  "          <Block Offset=\"1048576\" Length=\"4096\" Id=\"\(extraID)\" "
                                                  + "Hash=\"\(ManifestTool.md5([UInt8](repeating: 0, count: 4096)))\"/>\n        </BlockList>", in: text)
            // A metadata file whose hash does not match: the data is fine, the metadata Corrupted.
            return try ManifestTool.appendToBlob("import/good/b.txt",
                                                 "<MetadataPath Hash=\"00000000000000000000000000000000\">\\meta.xml</MetadataPath>", in: text)
        }
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("corrupt.img"))
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let logs = scratch.file("logs")

        let run = try Importer.run(drive.path, target: target, journal: scratch.file("journal.sqlite"), extra: ["--log-dir", logs])
        #expect(run.status == 5, "\(run)")
        #expect(run.summary?["driveStatus"] as? String == "CompletedWithErrors")
        #expect(run.summaryInt("blobsWithErrors") == 4)
        #expect(run.summaryInt("blobsCompleted") == 3)
        var statuses: [String: String] = [:]
        for event in run.blobEvents { statuses[event["blobPath"] as? String ?? "?"] = event["status"] as? String }
        #expect(statuses == ["import/bad/multi.bin": "CompletedWithErrors", "import/bad/gone.bin": "FileNotFound",
                             "import/bad/short.bin": "CompletedWithErrors", "import/good/b.txt": "CompletedWithErrors"], "\(run)")

        let view = TargetView(target)
        for bad in ["import/bad/multi.bin", "import/bad/gone.bin", "import/bad/short.bin"] {
            #expect(try view.info(bad) == nil, "\(bad) must not be published")
        }
        var expected: ExpectedBlobs = [:]
        for name in ["good/a.bin", "good/b.txt", "good/c.bin", "meta.xml"] { expected["import/" + name] = try tree.bytes(name) }
        try expectTarget(view, holdsExactly: expected, "corrupt")
        #expect(try view.info("import/good/b.txt")?.metadata.pairs.isEmpty == true, "a corrupted metadata file is not applied")
        #expect(view.stagingEntries().isEmpty, "the bad blobs' staging files are discarded: \(view.stagingEntries())")

        let files = try FileManager.default.contentsOfDirectory(atPath: logs)
        let log = try String(contentsOfFile: logs + "/" + #require(files.first { $0.hasSuffix("_error.xml") }), encoding: .utf8)
        #expect(log.contains("<Blob Status=\"CompletedWithErrors\">"), "\(log)")
        #expect(log.contains("<BlobPath>import/bad/multi.bin</BlobPath>"), "\(log)")
        let corrupted = log.split(separator: "\n").filter { $0.contains("<Block ") && $0.contains("Status=\"Corrupted\"") }
        #expect(corrupted.count == 1, "\(log)")
        #expect(corrupted.first?.contains("Offset=\"4194304\"") == true, "\(log)")
        #expect(corrupted.first?.contains("Length=\"4194304\"") == true, "\(log)")
        #expect(log.contains("<Blob Status=\"FileNotFound\">"), "\(log)")
        #expect(log.contains("Offset=\"1048576\" Length=\"4096\"") && log.contains("Status=\"FileUnexpectedEnd\""), "\(log)")
        #expect(log.contains("<Metadata Status=\"Corrupted\">"), "\(log)")
        #expect(!log.contains("good/a.bin"), "the error log lists only the failing blob")
        #expect(log.contains("<Status>CompletedWithErrors</Status>"))
        try proof.check()
    }

    // MARK: Target problems

    @Test("a read-only target: exit 4, Storage account not accessible, before anything is copied")
    func readOnlyTarget() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-ro")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0x40)
        try tree.randomFile("x.bin", size: 1 << 20)
        try ManifestTool.make(tree.root)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("ro.img"))
        var proof = ReadOnlyProof()
        try proof.record(drive.path)

        let mountpoint = scratch.file("ro")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        try sh("mount", "-t", "tmpfs", "-o", "ro,size=16m", "iedrive-test-ro", mountpoint)
        defer { unmountQuietly(mountpoint) }

        let run = try Importer.run(drive.path, target: mountpoint, journal: scratch.file("journal.sqlite"))
        #expect(run.status == 4, "\(run)")
        #expect(run.stderr.contains("Storage account not accessible"), "\(run)")
        #expect(run.stderr.lowercased().contains("read-only"), "\(run)")
        #expect(run.failure?["token"] as? String == "StorageAccountNotAccessible", "\(run)")
        #expect(run.failure?["driveStatus"] as? String == "BlobRequestForbidden", "\(run)")
        #expect(run.events("progress").allSatisfy { ($0["bytesSucceeded"] as? Int) == 0 }, "nothing copied: \(run)")
        #expect(run.blobEvents.isEmpty)
        #expect(run.summary == nil)

        // No target directory: the same state, with the fix in the message. An unsupported
        // address cannot even start (exit 1).
        let missing = try Importer.run(drive.path, target: scratch.file("no-such-dir"), journal: scratch.file("j2.sqlite"))
        #expect(missing.status == 4, "\(missing)")
        #expect(missing.stderr.contains("Storage account not accessible") && missing.stderr.contains("does not exist"), "\(missing)")
        let scheme = try Importer.run(drive.path, target: "ftp://host/prefix", journal: scratch.file("j3.sqlite"))
        #expect(scheme.status == 1, "\(scheme)")
        #expect(scheme.stderr.contains("unsupported target scheme") && scheme.stderr.contains("s3://"), "\(scheme)")
        try proof.check()
    }

    @Test("a full target: exit 4 (target full), only complete blobs published; grown, the same journal finishes byte-identical")
    func fullTarget() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-full")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0xF011)
        for index in 1...4 { try tree.randomFile("part-\(index).bin", size: 5 << 20) }
        try tree.textFile("small.txt", size: 5_000)
        var expected: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: tree.root) { expected["import" + file] = try tree.bytes(String(file.dropFirst())) }
        try ManifestTool.make(tree.root)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("full.img"))
        var proof = ReadOnlyProof()
        try proof.record(drive.path)

        // A tmpfs of 8 MiB: the copy runs out of space in the second file. (tmpfs rather than a
        // loop-mounted ext4: `mount -o loop` opens every loop device, and one held by a hung
        // test elsewhere on the machine would block it.)
        let mountpoint = scratch.file("target")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        try sh("mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "iedrive-test-full", mountpoint)
        defer { unmountQuietly(mountpoint) }
        let journal = scratch.file("journal.sqlite")

        let full = try Importer.run(drive.path, target: mountpoint, journal: journal, extra: ["--commit-bytes", "\(1 << 20)"])
        #expect(full.status == 4, "\(full)")
        #expect(full.stderr.contains("Storage account not accessible"), "\(full)")
        #expect(full.stderr.contains("target full"), "\(full)")
        #expect(full.stderr.contains("No space left on device"), "\(full)")
        #expect(full.failure?["token"] as? String == "StorageAccountNotAccessible")
        let published = try expectTarget(TargetView(mountpoint), holdsOnlyCompleteBlobsOf: expected, "full")
        #expect(published < expected.count)

        // Make room: the same file system, grown, and the same journal.
        try sh("mount", "-o", "remount,size=64m", mountpoint)

        let resumed = try Importer.run(drive.path, target: mountpoint, journal: journal)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.summary?["driveStatus"] as? String == "Completed", "\(resumed)")
        #expect((resumed.summaryInt("bytesResumed") ?? 0) > 0, "what was durable before the failure is kept: \(resumed)")
        #expect(resumed.summaryInt("bytesCopied").map { $0 + resumed.summaryInt("bytesResumed")! } == resumed.summaryInt("totalBytes"))
        try expectTarget(TargetView(mountpoint), holdsExactly: expected, "after growing the target")
        #expect(TargetView(mountpoint).stagingEntries().isEmpty)
        try proof.check()
    }

    @Test("a full target given up: space freed, a fresh journal reclaims the first run's staging and finishes")
    func fullTargetRetriedWithAFreshJournal() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-full-fresh")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0xF012)
        for index in 1...3 { try tree.randomFile("part-\(index).bin", size: 5 << 20) }
        var expected: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: tree.root) { expected["import" + file] = try tree.bytes(String(file.dropFirst())) }
        try ManifestTool.make(tree.root)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("full.img"))
        var proof = ReadOnlyProof()
        try proof.record(drive.path)

        // 24 MiB, 12 of them taken by another file: the first run stops in the second blob.
        let mountpoint = scratch.file("target")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        try sh("mount", "-t", "tmpfs", "-o", "size=24m,mode=0755", "iedrive-test-full2", mountpoint)
        defer { unmountQuietly(mountpoint) }
        let filler = mountpoint + "/filler"
        try Data(count: 12 << 20).write(to: URL(fileURLWithPath: filler))

        let full = try Importer.run(drive.path, target: mountpoint, journal: scratch.file("first.sqlite"),
                                    extra: ["--commit-bytes", "\(1 << 20)", "--disposition", "overwrite"])
        #expect(full.status == 4, "\(full)")
        #expect(full.stderr.contains("target full"), "\(full)")
        #expect(!TargetView(mountpoint).stagingEntries().isEmpty, "the failed run kept its staging for a resume")

        // The other file goes; the first journal is given up and a new one used.
        try FileManager.default.removeItem(atPath: filler)
        let retried = try Importer.run(drive.path, target: mountpoint, journal: scratch.file("second.sqlite"),
                                       extra: ["--disposition", "overwrite"])
        #expect(retried.status == 0, "\(retried)")
        try expectTarget(TargetView(mountpoint), holdsExactly: expected, "after the retry")
        #expect(TargetView(mountpoint).stagingEntries().isEmpty)
        try proof.check()
    }

    // MARK: The reader killed

    @Test("the reader killed mid-stream: exit 4 Disk corrupted; the same journal resumes byte-identical with bytesResumed > 0",
          .requiresLoopDevices, .requiresFUSE)
    func readerKilled() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-reader-kill")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0x4EAD)
        try tree.randomFile("first.bin", size: 2 << 20)
        try tree.randomFile("large.bin", size: 40 << 20)
        try tree.randomFile("last.bin", size: 3 << 20)
        var expected: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: tree.root) { expected["import" + file] = try tree.bytes(String(file.dropFirst())) }
        try ManifestTool.make(tree.root)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("reader.img"), size: "64M")
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        // Where large.bin's byte 24 MiB lies on the image: reads there hang until released.
        let large = expected["import/large.bin"]!
        let offset = try #require(try imageOffset(of: Array(large[(24 << 20)..<((24 << 20) + 64)]), in: drive.path))
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let journal = scratch.file("journal.sqlite")

        try FaultFS.with(image: drive.path, faults: [.hang(offset: offset, length: 1 << 20)]) { mount in
            try LoopDevice.with(mount.imagePath, readOnly: true) { loop in
                let arguments = Importer.arguments(loop.path, target: target, journal: journal,
                                                   extra: ["--commit-bytes", "\(1 << 20)", "--reader-timeout", "120", "--read-through-reader"])
                let job = try BackgroundImport(arguments, scratch: scratch.path)
                defer { job.kill(); _ = job.wait(timeout: 10) }
                // Wait for the read that hangs, then kill the reader in the middle of large.bin.
                let deadline = Date().addingTimeInterval(60)
                while try mount.stats().hanging == 0, job.isRunning, Date() < deadline { usleep(10_000) }
                #expect(try mount.stats().hanging > 0, "the copy never reached the hanging range")
                let reader = try #require(job.readerPID(), "no iedrive-reader child")
                kill(reader, SIGKILL)
                try mount.setFaults([])          // a read blocked in the kernel ends, the kill lands
                let killed = job.wait(timeout: 60)
                ProcessTree.waitGone(reader)
                #expect(killed.status == 4, "\(killed)")
                #expect(killed.stderr.contains("Disk corrupted"), "\(killed)")
                #expect(killed.failure?["token"] as? String == "DiskCorrupted", "\(killed)")
                let published = try expectTarget(TargetView(target), holdsOnlyCompleteBlobsOf: expected, "reader killed")
                #expect(try TargetView(target).info("import/large.bin") == nil)
                #expect(published <= 1)

                let resumed = try Importer.run(loop.path, target: target, journal: journal)
                #expect(resumed.status == 0, "\(resumed)")
                let copied = try #require(resumed.summaryInt("bytesCopied"))
                let kept = try #require(resumed.summaryInt("bytesResumed"))
                #expect(kept > 0, "pieces verified before the kill are not read again: \(resumed)")
                #expect(copied + kept == resumed.summaryInt("totalBytes"), "\(resumed)")
                #expect(copied < 40 << 20, "\(resumed)")
                try expectTarget(TargetView(target), holdsExactly: expected, "resumed after the reader was killed")
            }
        }
        try proof.check()
    }

    // MARK: A hung drive under a mapped read

    @Test("a drive read that hangs while iedrive reads mapped bytes itself: exit 4 Hardware error after --reader-timeout; resumed byte-identical",
          .requiresFUSE, .requiresLoopDevices)
    func mappedReadHangs() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-mapped-hang")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0x4A96)
        try tree.randomFile("first.bin", size: 3 << 20)
        try tree.randomFile("large.bin", size: 12 << 20)
        var expected: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: tree.root) { expected["import" + file] = try tree.bytes(String(file.dropFirst())) }
        try ManifestTool.make(tree.root)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("hang.img"), size: "64M")
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        let large = expected["import/large.bin"]!
        // One large piece in flight (--pieces-in-flight 1), and the held read in the third
        // block of large.bin: faultfs serves one request at a time, so once a read hangs
        // every read of the drive waits behind it, and the blocks before must be done first.
        let offset = try #require(try imageOffset(of: Array(large[(8 << 20)..<((8 << 20) + 64)]), in: drive.path))
        let target = scratch.file("target")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let journal = scratch.file("journal.sqlite")

        try FaultFS.with(image: drive.path, faults: [.hang(offset: offset, length: 1 << 20)]) { mount in
            try LoopDevice.with(mount.imagePath, readOnly: true) { loop in
                // The lane's read sleeps in the kernel, uninterruptibly: the process reports the
                // failure, then cannot end until the read returns, as with any hung block device.
                let job = try BackgroundImport(Importer.arguments(loop.path, target: target, journal: journal,
                                                                  extra: ["--commit-bytes", "\(1 << 20)", "--reader-timeout", "2",
                                                                          "--pieces-in-flight", "1"]),
                                               scratch: scratch.path)
                defer { try? mount.setFaults([]); job.kill(); _ = job.wait(timeout: 30) }
                let started = Date()
                while !job.stderrText.contains("Hardware error"), job.isRunning, Date().timeIntervalSince(started) < 90 {
                    usleep(20_000)
                }
                let seconds = Date().timeIntervalSince(started)
                try mount.setFaults([])          // the read blocked in the kernel ends
                let hung = job.wait(timeout: 60)
                #expect(hung.status == 4, "\(hung)")
                #expect(hung.stderr.contains("Hardware error"), "\(hung)")
                #expect(hung.stderr.contains("did not finish within 2 seconds"), "\(hung)")
                #expect(hung.failure?["token"] as? String == "HardwareError", "\(hung)")
                #expect(seconds < 60, "the hung read was not timed out: \(seconds) s")
                #expect(try TargetView(target).info("import/large.bin") == nil)
                _ = try expectTarget(TargetView(target), holdsOnlyCompleteBlobsOf: expected, "mapped read hung")

                let resumed = try Importer.run(loop.path, target: target, journal: journal)
                #expect(resumed.status == 0, "\(resumed)")
                #expect((resumed.summaryInt("bytesResumed") ?? 0) > 0, "pieces made durable before the hang are kept: \(resumed)")
                try expectTarget(TargetView(target), holdsExactly: expected, "resumed after the hang")
            }
        }
        try proof.check()
    }
}

/// The offset of `needle` in the image file (a unique run of random bytes), or nil. Reads
/// the image 4 MiB at a time (tests run in one process, and some measure its memory).
func imageOffset(of needle: [UInt8], in image: String) throws -> Int? {
    guard !needle.isEmpty, let handle = FileHandle(forReadingAtPath: image) else { return nil }
    defer { try? handle.close() }
    var carried: [UInt8] = []      // the last needle.count - 1 bytes of the previous chunk
    var position = 0               // image offset of carried's first byte
    while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
        let window = carried + Array(chunk)
        let found: Int? = window.withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress else { return nil }
            var start = 0
            while start + needle.count <= haystack.count {
                guard let hit = memchr(base + start, Int32(needle[0]), haystack.count - start - needle.count + 1) else { return nil }
                let offset = UnsafeRawPointer(hit) - base
                if memcmp(hit, needle, needle.count) == 0 { return offset }
                start = offset + 1
            }
            return nil
        }
        if let found { return position + found }
        let keep = min(needle.count - 1, window.count)
        position += window.count - keep
        carried = Array(window.suffix(keep))
    }
    return nil
}
