import Glibc
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Import dispositions against existing blobs (drive-manifest.md §5), batches, and publishing
/// again after a crash.
@Suite struct TargetDispositionTests {
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

}
