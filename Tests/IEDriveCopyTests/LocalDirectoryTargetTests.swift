import Glibc
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Staging, publishing with each disposition, read-back, and recovery of a local directory
/// target on a real file system (the scratch directory's, ext4 on this machine).
@Suite struct LocalDirectoryTargetTests {
    @Test func namedAcceptsPathsAndFileURLs() throws {
        #expect(try LocalDirectoryTarget.named("/srv/iedrive/target").root == "/srv/iedrive/target")
        #expect(try LocalDirectoryTarget.named("file:///srv/ie%20drive/t%C3%A9").root == "/srv/ie drive/té")
        #expect(try LocalDirectoryTarget.named("file://localhost/srv/x/").root == "/srv/x")
        #expect(LocalDirectoryTarget(root: "/srv/ie drive/").displayName == "file:///srv/ie%20drive")
        do {
            _ = try LocalDirectoryTarget.named("s3://bucket/prefix")
            Issue.record("s3 accepted")
        } catch {
            #expect(error.description.contains("'s3'") && error.description.contains("file://"))
            #expect(error.driveFailureState == .storageAccountNotAccessible)
        }
        #expect(throws: TargetError.self) { try LocalDirectoryTarget.named("file://otherhost/x") }
    }

    @Test func checkAccessRefusesMissingRootAndFile() throws {
        let fixture = try TargetFixture("access")
        defer { fixture.cleanup() }
        try fixture.target.checkAccess()
        let missing = LocalDirectoryTarget(root: fixture.root + "/nope")
        #expect { try missing.checkAccess() } throws: { error in
            guard case .notAccessible(let message) = error as? TargetError else { return false }
            return message.contains("does not exist")
        }
        #expect(throws: TargetError.self) { try missing.openStaging(StagedBlobID("x"), length: 1) }
        let file = fixture.root + "/plain"
        close(open(file, O_CREAT | O_WRONLY, 0o644))
        #expect { try LocalDirectoryTarget(root: file).checkAccess() } throws: { error in
            guard case .notAccessible(let message) = error as? TargetError else { return false }
            return message.contains("not a directory")
        }
        // The probe file is gone again.
        #expect(walk(fixture.root).filter { $0.path.hasPrefix(".iedrive/probe") }.isEmpty)
    }

    @Test func blobsAppearOnlyWhenPublished() throws {
        let fixture = try TargetFixture("visibility")
        defer { fixture.cleanup() }
        let path = try BlobPath.parse("photos/2024/a.jpg")
        try fixture.stage("s1", Array("hello".utf8))
        try fixture.target.syncStaged()
        #expect(try !fixture.target.exists(path))
        #expect(try fixture.target.info(path) == nil)
        #expect(try fixture.target.list(container: "photos", prefix: "", startAfter: nil, limit: 10).isEmpty)
        #expect(throws: TargetError.self) { try fixture.target.openBlob(path) }

        let outcomes = try fixture.target.publish([PublishRequest(staged: StagedBlobID("s1"), path: path, type: .block, length: 5)])
        #expect(outcomes == [PublishOutcome(requested: path, final: path, disposition: .created)])
        #expect(try fixture.target.exists(path))
        #expect(try fixture.contents("photos/2024/a.jpg") == Array("hello".utf8))
        #expect(try fixture.allNames("photos") == ["2024/a.jpg"])
        // Staging is consumed.
        #expect(walk(fixture.root + "/.iedrive/staging").isEmpty)
    }

    @Test func stagingSurvivesARestartAndReopensWithItsContent() throws {
        let fixture = try TargetFixture("resume")
        defer { fixture.cleanup() }
        let id = StagedBlobID("job-7/drive-ZA1B/blob-42")
        let first = try fixture.target.openStaging(id, length: 8_192)
        try writeAll(first, Array(repeating: 0xAB, count: 4_096), at: 0)
        close(first)
        try fixture.target.syncStaged()

        // A new target object shares nothing with the first but the directory: a restart.
        let restarted = LocalDirectoryTarget(root: fixture.root)
        let again = try restarted.openStaging(id, length: 8_192)
        let bytes = try readAll(again)
        close(again)
        #expect(bytes.count == 8_192)
        #expect(bytes[..<4_096].allSatisfy { $0 == 0xAB } && bytes[4_096...].allSatisfy { $0 == 0 })

        try restarted.discardStaging(id)
        try restarted.discardStaging(id)   // absent is fine
        let fresh = try restarted.openStaging(id, length: 16)
        #expect(try readAll(fresh) == Array(repeating: 0, count: 16))
        close(fresh)
    }

    @Test func renameFollowsTheSpecRule() throws {
        let fixture = try TargetFixture("rename")
        defer { fixture.cleanup() }
        for (name, second, third) in [("reports/summary", "reports/summary (2)", "reports/summary (3)"),
                                      ("video/clip.final.mp4", "video/clip.final (2).mp4", "video/clip.final (3).mp4"),
                                      ("v1.2/readme", "v1.2/readme (2)", "v1.2/readme (3)"),
                                      ("dot/.profile", "dot/ (2).profile", "dot/ (3).profile")] {
            let path = "box/" + name
            #expect(try fixture.put(path, [1]).disposition == .created)
            let renamed = try fixture.put(path, [2])
            #expect(renamed.disposition == .renamed)
            #expect(renamed.final?.text == "box/" + second)
            #expect(try fixture.put(path, [3]).final?.text == "box/" + third)
            #expect(try fixture.contents(path) == [1])
            #expect(try fixture.contents("box/" + second) == [2])
            #expect(try fixture.contents("box/" + third) == [3])
        }
    }

    @Test func renameFailsWhenNoCandidateIsAValidName() throws {
        let fixture = try TargetFixture("renamefail")
        defer { fixture.cleanup() }
        let path = "box/" + String(repeating: "n", count: 1_024)
        try fixture.put(path, [1])
        let outcome = try fixture.put(path, [2], id: "too-long")
        #expect(outcome.final == nil && outcome.disposition == .cancelled && outcome.failure == .renameFailed)
        #expect(try fixture.contents(path) == [1])
        #expect(walk(fixture.root + "/.iedrive/staging").isEmpty)
    }

    @Test func noOverwriteSkipsAndOverwriteReplaces() throws {
        let fixture = try TargetFixture("dispositions")
        defer { fixture.cleanup() }
        let original = BlobProperties(contentType: "text/plain", cacheControl: "no-cache")
        try fixture.put("box/doc.txt", Array("old".utf8), properties: original,
                        metadata: BlobMetadata(pairs: [.init(name: "Version", value: "1")]))

        let skipped = try fixture.put("box/doc.txt", Array("new".utf8), disposition: .noOverwrite)
        #expect(skipped == PublishOutcome(requested: try BlobPath.parse("box/doc.txt"), final: nil, disposition: .skipped))
        #expect(try fixture.contents("box/doc.txt") == Array("old".utf8))
        #expect(walk(fixture.root + "/.iedrive/staging").isEmpty)

        let replaced = try fixture.put("box/doc.txt", Array("newer!".utf8), disposition: .overwrite, type: .page,
                                       properties: BlobProperties(contentType: "application/json"))
        #expect(replaced.disposition == .overwritten && replaced.final?.text == "box/doc.txt")
        #expect(try fixture.contents("box/doc.txt") == Array("newer!".utf8))
        let info = try #require(try fixture.target.info(try BlobPath.parse("box/doc.txt")))
        #expect(info.type == .page && info.length == 6)
        #expect(info.properties.contentType == "application/json" && info.properties.cacheControl == nil)
        #expect(info.metadata.pairs.isEmpty)
        #expect(walk(fixture.root + "/.iedrive/staging").isEmpty)

        // Absent blobs are created whatever the disposition.
        for (index, disposition) in ImportDisposition.allCases.enumerated() {
            #expect(try fixture.put("box/new-\(index)", [9], disposition: disposition).disposition == .created)
        }
    }

    @Test func oneBatchResolvesInOrder() throws {
        let fixture = try TargetFixture("batch")
        defer { fixture.cleanup() }
        let path = try BlobPath.parse("box/same.bin")
        var requests: [PublishRequest] = []
        for index in 0..<4 {
            try fixture.stage("b\(index)", [UInt8(index)])
            requests.append(PublishRequest(staged: StagedBlobID("b\(index)"), path: path, type: .block, length: 1,
                                           disposition: index == 3 ? .overwrite : .rename))
        }
        let outcomes = try fixture.target.publish(requests)
        #expect(outcomes.map(\.disposition) == [.created, .renamed, .renamed, .overwritten])
        #expect(outcomes.map { $0.final?.name } == ["same.bin", "same (2).bin", "same (3).bin", "same.bin"])
        #expect(try fixture.contents("box/same.bin") == [3])
    }

    @Test func laterRequestsSeeWhatEarlierOnesWillCreate() throws {
        let fixture = try TargetFixture("claims")
        defer { fixture.cleanup() }
        // NFC "é" and NFD "e\u{301}" are equal as Swift strings but different blob names.
        let plan: [(String, ImportDisposition)] = [("box/new", .rename), ("box/new", .noOverwrite), ("box/\u{E9}", .noOverwrite),
                                                   ("box/e\u{301}", .noOverwrite), ("box/new", .rename)]
        var requests: [PublishRequest] = []
        for (index, (path, disposition)) in plan.enumerated() {
            try fixture.stage("claim-\(index)", [UInt8(index)])
            requests.append(PublishRequest(staged: StagedBlobID("claim-\(index)"), path: try BlobPath.parse(path), type: .block,
                                           length: 1, disposition: disposition))
        }
        let outcomes = try fixture.target.publish(requests)
        #expect(outcomes.map(\.disposition) == [.created, .skipped, .created, .created, .renamed])
        #expect(outcomes.last?.final?.name == "new (2)")
        #expect(try fixture.contents("box/\u{E9}") == [2])
        #expect(try fixture.contents("box/e\u{301}") == [3])
    }

    @Test func propertiesAndMetadataReadBack() throws {
        let fixture = try TargetFixture("properties")
        defer { fixture.cleanup() }
        let md5 = MD5.digest(Array("payload".utf8))
        let properties = BlobProperties(lastModified: "ignored", etag: "ignored", contentLength: 99,
                                        contentType: "application/x-tar; charset=\"utf-8\"", contentMD5: md5,
                                        contentEncoding: "gzip", contentLanguage: "en-GB", cacheControl: "max-age=3600")
        let metadata = BlobMetadata(pairs: [.init(name: "Project", value: "harbor survey"), .init(name: "empty", value: ""),
                                            .init(name: "Path", value: "C:\\data\\x\ty"), .init(name: "Note", value: "ünïcödé ✓")])
        try fixture.put("box/archive.tar", Array("payload".utf8), properties: properties, metadata: metadata)
        let info = try #require(try fixture.target.info(try BlobPath.parse("box/archive.tar")))
        #expect(info.type == .block && info.length == 7)
        #expect(info.metadata == metadata)
        #expect(info.properties.importable == properties.importable)
        #expect(info.properties.contentMD5?.base64 == md5.base64)
        #expect(info.properties.contentLength == 7)
        let lastModified = try #require(info.properties.lastModified)
        #expect(lastModified.hasSuffix(" GMT") && lastModified != "ignored" && lastModified.count == 29)
        #expect(info.properties.etag?.hasPrefix("0x") == true)
        // list gives the same description.
        #expect(try fixture.target.list(container: "box", prefix: "", startAfter: nil, limit: 5) == [info])
    }

    @Test func pageBlobStagingKeepsHoles() throws {
        let fixture = try TargetFixture("sparse")
        defer { fixture.cleanup() }
        let length: UInt64 = 1 << 30
        let fd = try fixture.target.openStaging(StagedBlobID("vhd"), length: length)
        let page = [UInt8](repeating: 0x5A, count: 512)
        try writeAll(fd, page, at: 0)
        try writeAll(fd, page, at: 512 << 20)
        try writeAll(fd, page, at: length - 512)
        close(fd)
        try fixture.target.syncStaged()
        let path = try BlobPath.parse("disks/edge-node.vhd")
        _ = try fixture.target.publish([PublishRequest(staged: StagedBlobID("vhd"), path: path, type: .page, length: length)])
        let info = try #require(try fixture.target.info(path))
        #expect(info.type == .page && info.length == length)
        let blob = try fixture.target.openBlob(path)
        defer { close(blob) }
        var status = stat()
        fstat(blob, &status)
        #expect(UInt64(status.st_size) == length)
        #expect(status.st_blocks * 512 < 1 << 20, "allocated \(status.st_blocks * 512) bytes")
        var buffer = [UInt8](repeating: 1, count: 1_024)
        _ = buffer.withUnsafeMutableBytes { pread(blob, $0.baseAddress, 1_024, off_t(512 << 20) - 512) }
        #expect(buffer[..<512].allSatisfy { $0 == 0 } && buffer[512...].allSatisfy { $0 == 0x5A })
    }

    @Test func rootContainerBlobs() throws {
        let fixture = try TargetFixture("rootcontainer")
        defer { fixture.cleanup() }
        try fixture.put("$root/logo.bmp", [1, 2])
        try fixture.put("$root/index.html", [3])
        try fixture.put("$root/.hidden", [4])
        #expect(try fixture.allNames("$root") == [".hidden", "index.html", "logo.bmp"])
        #expect(try fixture.contents("$root/logo.bmp") == [1, 2])
        #expect(FileManagerless.exists(fixture.root + "/$root/logo.bmp~blob/data"))
    }

    @Test func publishingAgainAfterACrashReportsTheSameOutcomes() throws {
        let fixture = try TargetFixture("replay")
        defer { fixture.cleanup() }
        try fixture.put("box/r.txt", [0])
        try fixture.put("box/k.txt", [0])
        var batch: [PublishRequest] = []
        for (index, (name, disposition)) in [("box/r.txt", ImportDisposition.rename), ("box/k.txt", .noOverwrite),
                                             ("box/n.txt", .overwrite), ("box/r.txt", .overwrite)].enumerated() {
            try fixture.stage("replay-\(index)", [UInt8(index + 1)])
            batch.append(PublishRequest(staged: StagedBlobID("replay-\(index)"), path: try BlobPath.parse(name),
                                        type: .block, length: 1, disposition: disposition))
        }
        let first = try fixture.target.publish(batch)
        #expect(first.map(\.disposition) == [.renamed, .skipped, .created, .overwritten])
        let again = try LocalDirectoryTarget(root: fixture.root).publish(batch)
        #expect(again == first)
        #expect(try fixture.contents("box/r (2).txt") == [1])
        #expect(try fixture.contents("box/r.txt") == [4])
        // An id that was never staged is an error, not a silent success.
        #expect(throws: TargetError.self) {
            try fixture.target.publish([PublishRequest(staged: StagedBlobID("never"), path: try BlobPath.parse("box/z"),
                                                       type: .block, length: 0)])
        }
    }

    @Test func anOldBlobLeftInStagingIsNotTakenForStagedBytes() throws {
        // An overwrite swaps the old blob into the staging directory, then removes it. If a
        // crash came in between, the next openStaging of that id must start empty.
        let fixture = try TargetFixture("swapped")
        defer { fixture.cleanup() }
        try fixture.put("box/old.bin", Array(repeating: 7, count: 100), id: "earlier")
        let staging = fixture.root + "/.iedrive/staging/" + StagingName.entry(for: StagedBlobID("later"))
        #expect(rename(fixture.root + "/box/old.bin~blob", staging) == 0)
        let fd = try fixture.target.openStaging(StagedBlobID("later"), length: 10)
        #expect(try readAll(fd) == Array(repeating: 0, count: 10))
        close(fd)
    }

    @Test func aPublishInterruptedBeforeItsRenamesResumes() throws {
        // Phase 1 wrote records (one torn, one whole) into staging, then the process died.
        let fixture = try TargetFixture("interrupted")
        defer { fixture.cleanup() }
        try fixture.stage("torn", [1])
        try fixture.stage("whole", [2])
        let stagingRoot = fixture.root + "/.iedrive/staging/"
        let torn = open(stagingRoot + "torn/meta", O_CREAT | O_WRONLY, 0o644)
        try writeAll(torn, Array("iedrive-blob 1\npath bo".utf8), at: 0)
        close(torn)
        try fixture.put("box/other", [9], id: "whole-donor")
        #expect(rename(fixture.root + "/box/other~blob/meta", stagingRoot + "whole/meta") == 0)
        // The donor's record names another id: a swapped-out old blob, not ours. Rewrite it as ours.
        let recordFile = open(stagingRoot + "whole/meta", O_RDONLY)
        let record = try readAll(recordFile)
        close(recordFile)
        let text = String(decoding: record, as: UTF8.self).split(separator: "\n")
            .map { $0.hasPrefix("staged ") ? "staged whole" : String($0) }.joined(separator: "\n") + "\n"
        let rewritten = open(stagingRoot + "whole/meta", O_TRUNC | O_WRONLY)
        try writeAll(rewritten, Array(text.utf8), at: 0)
        close(rewritten)

        let outcomes = try fixture.target.publish([
            PublishRequest(staged: StagedBlobID("torn"), path: try BlobPath.parse("box/t"), type: .block, length: 1),
            PublishRequest(staged: StagedBlobID("whole"), path: try BlobPath.parse("box/w"), type: .block, length: 1),
        ])
        #expect(outcomes.map(\.disposition) == [.created, .created])
        #expect(try fixture.contents("box/t") == [1])
        #expect(try fixture.contents("box/w") == [2])
        #expect(try fixture.target.info(try BlobPath.parse("box/w"))?.path.name == "w")
    }

    @Test func aBlobAndAFolderOfTheSameNameCoexist() throws {
        let fixture = try TargetFixture("fileanddir")
        defer { fixture.cleanup() }
        try fixture.put("box/a", [1])
        try fixture.put("box/a/b", [2])
        try fixture.put("box/a/b/c", [3])
        try fixture.put("box/a~blob", [4])
        #expect(try fixture.contents("box/a") == [1])
        #expect(try fixture.contents("box/a/b") == [2])
        #expect(try fixture.contents("box/a/b/c") == [3])
        #expect(try fixture.contents("box/a~blob") == [4])
        #expect(try fixture.allNames("box") == ["a", "a/b", "a/b/c", "a~blob"])
        #expect(try fixture.target.exists(try BlobPath.parse("box/a/b")))
        #expect(try !fixture.target.exists(try BlobPath.parse("box/a/b/c/d")))
    }
}

/// `access(2)`, so the tests need no Foundation.
enum FileManagerless {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
