import Foundation
import IEDriveS3
import IEDriveTestSupport
import Testing

/// `iedrive import --target s3://…` when it is interrupted: killed with SIGKILL at random
/// points, or its gateway stopped mid-copy. After a kill, only complete objects are visible;
/// the resume ends byte-identical without reading a durable piece twice, and no multipart
/// upload of iedrive's is left. A stopped gateway fails its drive with "Storage account not
/// accessible" (exit 4, journal kept) while an import into a local directory beside it
/// finishes, and the next run with the store back resumes.
@Suite(.requiresRoot, .serialized, .enabled(if: TestRGW.current != nil, Comment(rawValue: TestRGW.unavailableReason)))
struct ImportS3ResumeTests {
    /// Every object under `prefix` but iedrive's own area, by key without the prefix.
    static func visible(_ client: S3Client, prefix: String) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        var token: String?
        repeat {
            let page = try client.listObjects(prefix: prefix, continuationToken: token)
            for object in page.objects where !object.key.hasPrefix(prefix + ".iedrive/") {
                found[String(object.key.dropFirst(prefix.count))] = try client.getObject(object.key) ?? []
            }
            token = page.continuationToken
        } while token != nil
        return found
    }

    /// Visible objects are complete blobs of `expected`; returns how many there are.
    @discardableResult
    static func expectOnlyComplete(_ client: S3Client, prefix: String, of expected: ExpectedBlobs, _ context: String) throws -> Int {
        let found = try visible(client, prefix: prefix)
        for (name, bytes) in found {
            guard let wanted = expected[name] else {
                Issue.record("\(context): a stray object \(prefix)\(name)")
                continue
            }
            #expect(bytes == wanted, "\(context): \(prefix)\(name) is visible but not whole (\(bytes.count) of \(wanted.count) bytes)")
        }
        return found.count
    }

    /// The names whose bytes differ from (or are missing against) `expected`.
    static func differences(_ client: S3Client, prefix: String, from expected: ExpectedBlobs) throws -> [String] {
        let found = try visible(client, prefix: prefix)
        return Set(found.keys).union(expected.keys).filter { found[$0] != expected[$0] }.sorted()
            .map { "\($0) (\(found[$0].map { "\($0.count) bytes" } ?? "missing") of \(expected[$0].map { "\($0.count)" } ?? "none"))" }
    }

    static func uploads(_ client: S3Client, prefix: String) throws -> [S3Client.Upload] {
        try client.listMultipartUploads(prefix: prefix)
    }

    @Test("kill -9 of an import into RGW at random points: only whole objects visible; each resume byte-identical, no piece read twice, no upload left")
    func killAtRandomPoints() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-s3-kill")
        defer { scratch.cleanup() }
        // ~70 MiB: a large blob of several parts, mid-size and small ones, an empty one, and a
        // 20 MiB page blob with holes: three parts, the middle one all hole, each sent once its
        // ranges have arrived.
        let (tree, expected) = try ImportResumeTests.killTree(scratch.file("tree"), pageBlobSize: 20 << 20)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("kill.img"), size: "100M")
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        let bucket = TestRGW.uniqueBucket("kill")
        let client = try ImportS3Tests.client(bucket)
        try client.createBucket()

        // A clean run: the reference, and how long a whole copy takes.
        let started = Date()
        let cleanRun = try ImportS3Tests.importRun(Importer.arguments(drive.path, target: "s3://\(bucket)/clean",
                                                                      journal: scratch.file("clean.sqlite")))
        var fullTime = Date().timeIntervalSince(started)
        try #require(cleanRun.status == 0, "\(cleanRun)")
        let total = try #require(cleanRun.summaryInt("totalBytes"))
        #expect(try Self.differences(client, prefix: "clean/", from: expected).isEmpty, "the clean run's bucket")

        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix(seed: seed)
        var killsMidCopy = 0
        var killsAfterCommit = 0
        var log: [String] = []
        for round in 0..<6 {
            let prefix = "round-\(round)/"
            let journal = scratch.file("journal-\(round).sqlite")
            let options = ["--commit-bytes", "\([1 << 20, 8 << 20, 16 << 20][random.below(3)])",
                           "--pieces-in-flight", "\([2, 6, 12][random.below(3)])"]
            let arguments = try ImportS3Tests.environment()
                + Importer.arguments(drive.path, target: "s3://\(bucket)/round-\(round)", journal: journal, extra: options)
            let delay = 0.1 + Double(random.below(1000)) / 1000 * fullTime * 0.9
            let context = "round \(round) (seed \(seed)) kill at \(Int(delay * 1000)) ms of \(Int(fullTime * 1000)) ms, \(options)"
            let attemptStarted = Date()
            let (run, killed) = try ImportResumeTests.runAndKill(arguments, after: delay, scratch: scratch.path)
            if killed {
                killsMidCopy += 1
            } else {
                #expect(run.status == 0, "\(context): \(run)")
                fullTime = min(fullTime, Date().timeIntervalSince(attemptStarted))
            }
            try Self.expectOnlyComplete(client, prefix: prefix, of: expected, context)

            let committed = ImportResumeTests.journalRows(journal) > 0
            let resumed = try ImportS3Tests.importRun(Importer.arguments(drive.path, target: "s3://\(bucket)/round-\(round)", journal: journal))
            #expect(resumed.status == 0, "\(context) resume: \(resumed)")
            let copied = try #require(resumed.summaryInt("bytesCopied"), "\(context): \(resumed)")
            let kept = try #require(resumed.summaryInt("bytesResumed"))
            #expect(copied + kept == total, "\(context): a piece read twice or not at all: copied \(copied) + kept \(kept) != \(total)")
            if committed, kept > 0 { killsAfterCommit += 1 }
            log.append("round \(round): \(options) killed \(killed) committed \(committed) copied \(copied) kept \(kept)")
            let differing = try Self.differences(client, prefix: prefix, from: expected)
            #expect(differing.isEmpty, "\(context): the bucket after the resume: \(differing)")
            #expect(try Self.uploads(client, prefix: prefix).isEmpty, "\(context): an upload was left")
            #expect(try client.listObjects(prefix: prefix + ".iedrive/staging/").objects.isEmpty, "\(context): staging left")
        }
        print("S3 killAtRandomPoints (seed \(seed), clean run \(Int(fullTime * 1000)) ms): \(killsMidCopy) kills mid-copy, "
              + "\(killsAfterCommit) resumes kept durable parts\n" + log.joined(separator: "\n"))
        #expect(killsMidCopy >= 3, "only \(killsMidCopy) kills landed before the copy ended (seed \(seed))")
        #expect(killsAfterCommit >= 1, "no resume kept a part the store held (seed \(seed))")
        #expect(try Self.uploads(client, prefix: "").isEmpty, "no upload of iedrive's remains in the bucket")
        try proof.check()
    }

    @Test("a gateway stopped mid-copy fails its drive with Storage account not accessible while a local import finishes; the resume completes")
    func aStoppedGatewayFailsOnlyItsDrive() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-s3-stopped")
        defer { scratch.cleanup() }
        var treeS3 = try SourceTree(root: scratch.file("tree-s3"), seed: 0x5709)
        try treeS3.randomFile("big/one.bin", size: 40 << 20)
        try treeS3.randomFile("big/two.bin", size: 24 << 20)
        for index in 0..<8 { try treeS3.randomFile("small/\(index).bin", size: 50_000 + index) }
        var treeLocal = try SourceTree(root: scratch.file("tree-local"), seed: 0x10CA)
        try treeLocal.randomFile("data/video.bin", size: 48 << 20)
        for index in 0..<20 { try treeLocal.randomFile("data/s\(index).bin", size: 30_000 + index) }
        var expectedS3: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: treeS3.root) { expectedS3["import" + file] = try treeS3.bytes(String(file.dropFirst())) }
        var expectedLocal: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: treeLocal.root) { expectedLocal["import" + file] = try treeLocal.bytes(String(file.dropFirst())) }
        try ManifestTool.make(treeS3.root)
        try ManifestTool.make(treeLocal.root)
        let driveS3 = try ImportDrives.plain(treeS3.root, at: scratch.file("s3.img"), size: "100M")
        let driveLocal = try ImportDrives.plain(treeLocal.root, at: scratch.file("local.img"), size: "100M")
        let bucket = TestRGW.uniqueBucket("stopped")
        let client = try ImportS3Tests.client(bucket)
        try client.createBucket()

        let gateway = try TestRGW.extraGateway()
        var gatewayAlive = true
        defer { if gatewayAlive { kill(gateway.pid, SIGKILL) } }
        let journal = scratch.file("journal-s3.sqlite")
        let localTarget = scratch.file("local-target")
        try FileManager.default.createDirectory(atPath: localTarget, withIntermediateDirectories: true)
        let toS3 = try BackgroundImport(try ImportS3Tests.environment(endpoint: gateway.endpoint)
            + Importer.arguments(driveS3.path, target: "s3://\(bucket)/site", journal: journal,
                                 extra: ["--commit-bytes", "\(4 << 20)", "--pieces-in-flight", "2"]), scratch: scratch.path)
        defer { if toS3.isRunning { toS3.kill() } }
        let toLocal = try BackgroundImport(Importer.arguments(driveLocal.path, target: localTarget, journal: scratch.file("journal-local.sqlite")),
                                           scratch: scratch.path)
        defer { if toLocal.isRunning { toLocal.kill() } }

        // Stop the gateway once the copy into it is under way: a multipart upload begun.
        let deadline = Date().addingTimeInterval(60)
        while toS3.isRunning, Date() < deadline, try Self.uploads(client, prefix: "site/").isEmpty { usleep(20_000) }
        #expect(toS3.isRunning, "the import into the store ended before its gateway could be stopped")
        kill(gateway.pid, SIGKILL)
        gatewayAlive = false
        ProcessTree.waitGone(gateway.pid)

        let failed = toS3.wait(timeout: 120)
        #expect(failed.status == 4, "\(failed)")
        #expect(failed.failure?["token"] as? String == "StorageAccountNotAccessible"
                || failed.summary?["driveStatus"] as? String == "StorageAccountNotAccessible", "\(failed)")
        #expect(failed.stderr.contains("Storage account not accessible"), "\(failed)")
        #expect(!failed.stderr.contains(try #require(TestRGW.current).secretAccessKey), "the secret never appears")
        let finished = toLocal.wait(timeout: 120)
        #expect(finished.status == 0 && finished.summary?["driveStatus"] as? String == "Completed", "the local import beside it: \(finished)")
        try expectTarget(TargetView(localTarget), holdsExactly: expectedLocal, "the local import")
        try Self.expectOnlyComplete(client, prefix: "site/", of: expectedS3, "after the gateway stopped")

        // The store back (the test's main gateway): the same journal resumes and completes.
        let resumed = try ImportS3Tests.importRun(Importer.arguments(driveS3.path, target: "s3://\(bucket)/site", journal: journal))
        #expect(resumed.status == 0 && resumed.summary?["driveStatus"] as? String == "Completed", "\(resumed)")
        let total = try #require(resumed.summaryInt("totalBytes"))
        #expect((resumed.summaryInt("bytesCopied") ?? 0) + (resumed.summaryInt("bytesResumed") ?? 0) == total, "\(resumed)")
        let differing = try Self.differences(client, prefix: "site/", from: expectedS3)
        #expect(differing.isEmpty, "the bucket after the resume: \(differing)")
        #expect(try Self.uploads(client, prefix: "").isEmpty, "no upload of iedrive's remains")
    }
}
