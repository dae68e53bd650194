import Foundation
import IEDriveCore
import IEDriveS3
@testable import IEDriveS3Target
import IEDriveTestSupport
import Testing

/// The S3 storage target against a real Ceph RGW: blobs staged block by block (in memory up
/// to a part, else a multipart upload), durability per part, publish under every disposition,
/// read back byte for byte with their descriptions, resume after a "crash" (a new target with
/// nothing in memory) without sending the held parts again, leftovers reclaimed, refusals named.
@Suite(.serialized, .enabled(if: TestRGW.current != nil, Comment(rawValue: TestRGW.unavailableReason)))
struct S3TargetRGWTests {
    static func target(bucket: String, prefix: String = "site-a", secret: String? = nil) throws -> S3Target {
        let rgw = try #require(TestRGW.current)
        let settings = try S3TargetSettings.resolve(address: "s3://\(bucket)/\(prefix)", environment: [
            "AWS_ENDPOINT_URL": rgw.endpoint, "AWS_ACCESS_KEY_ID": rgw.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secret ?? rgw.secretAccessKey, "AWS_REGION": rgw.region,
        ], file: nil)
        return S3Target(settings: settings, retry: S3RetryPolicy(attempts: 2, base: .milliseconds(10), cap: .milliseconds(50)))
    }

    static func freshBucket(_ label: String) throws -> String {
        let bucket = TestRGW.uniqueBucket(label)
        try target(bucket: bucket).client.createBucket()
        return bucket
    }

    /// Writes `bytes` into `blob` in blocks of `block` bytes, in the order given by `order`.
    static func write(_ bytes: [UInt8], into blob: any StagedBlob, block: Int, order: [Int]? = nil) async throws {
        let count = (bytes.count + block - 1) / block
        for index in order ?? Array(0..<count) {
            let slice = Array(bytes[(index * block)..<min(bytes.count, (index + 1) * block)])
            let result = await blob.write(PieceBytes(slice), at: UInt64(index * block), md5: nil)
            guard case .written = result else { throw TestSupportError.setup("write \(index): \(result)") }
        }
    }

    @Test func blobsArePublishedWholeWithTheirDescriptions() async throws {
        let target = try Self.target(bucket: try Self.freshBucket("publish"))
        try target.checkAccess()
        let small = testBytes(300_000, seed: 1), large = testBytes(20 << 20, seed: 2)
        let smallID = StagedBlobID(rawValue: "D1-abc-0"), largeID = StagedBlobID(rawValue: "D1-abc-1")
        let smallBlob = target.stage(smallID, length: UInt64(small.count), expectsLargeWrites: false)
        let largeBlob = target.stage(largeID, length: UInt64(large.count), expectsLargeWrites: true)
        try await Self.write(small, into: smallBlob, block: 65_536)
        // Blocks of 4 MiB, not in order: a part (8 MiB) goes up once whole.
        try await Self.write(large, into: largeBlob, block: 4 << 20, order: [1, 0, 3])
        let durable = try target.syncStaged([
            StagedPiece(staged: smallID, offset: 0, length: 65_536),
            StagedPiece(staged: largeID, offset: 0, length: 4 << 20),
            StagedPiece(staged: largeID, offset: 12 << 20, length: 4 << 20),
        ])
        #expect(durable == [false, true, false], "a memory-held blob and a part still missing a block are not durable yet")
        try await Self.write(large, into: largeBlob, block: 4 << 20, order: [2, 4])
        #expect(try target.syncStaged([StagedPiece(staged: largeID, offset: 12 << 20, length: 4 << 20)]) == [true])
        let photo = try BlobPath.parse("intake/photos/a b+c%.jpg"), video = try BlobPath.parse("intake/video/日本語.mp4")
        let outcomes = try target.publish([
            PublishRequest(staged: smallID, path: photo, type: .block, length: UInt64(small.count),
                           properties: BlobProperties(contentType: "image/jpeg", cacheControl: "max-age=60"),
                           metadata: BlobMetadata(pairs: [.init(name: "Project", value: "harbor")])),
            PublishRequest(staged: largeID, path: video, type: .block, length: UInt64(large.count)),
        ])
        #expect(outcomes.map(\.disposition) == [.created, .created])
        #expect(try target.read(photo, range: 0..<UInt64.max) == small)
        #expect(try target.read(video, range: 0..<UInt64(large.count)) == large)
        #expect(try target.read(video, range: 12_345..<12_400) == Array(large[12_345..<12_400]))
        let info = try #require(try target.info(photo))
        #expect(info.properties.contentType == "image/jpeg" && info.properties.cacheControl == "max-age=60"
                && info.metadata["Project"] == "harbor" && info.length == UInt64(small.count))
        let videoDescription = try #require(try target.head(video))
        #expect(videoDescription.md5 == MD5Digest(base16: FakeDrive.md5(large)), "the whole blob's MD5, not the multipart ETag")
        #expect(try target.list(container: "intake", prefix: "", startAfter: nil, limit: 10).map(\.path) == [photo, video])
        #expect(try target.list(container: "intake", prefix: "", startAfter: photo.name, limit: 10).map(\.path) == [video])
        #expect(try target.containers() == ["intake"])
        #expect(try target.client.listMultipartUploads(prefix: "").isEmpty, "no upload is left")
        #expect(try target.client.listObjects(prefix: target.layout.stagingPrefix).objects.isEmpty, "no staging object is left")
    }

    /// A sparse page blob: told its ranges, each part goes up once its ranges have arrived,
    /// so no part waits in memory for bytes that will never come; the holes read as zeros and
    /// the whole MD5 is the zero-filled blob's.
    @Test func aSparsePageBlobSendsEachPartWhenItsRangesArrive() async throws {
        let target = try Self.target(bucket: try Self.freshBucket("sparse"))
        let length = 40 << 20
        let ranges: [Range<Int>] = [0..<(512 << 10), (9 << 20)..<((9 << 20) + 4096), (30 << 20)..<(34 << 20), (length - 512)..<length]
        var whole = [UInt8](repeating: 0, count: length)
        for (index, range) in ranges.enumerated() {
            whole.replaceSubrange(range, with: testBytes(range.count, seed: UInt64(10 + index)))
        }
        let id = StagedBlobID(rawValue: "D2-sparse-0")
        let blob = target.stage(id, length: UInt64(length), expectsLargeWrites: false)
        blob.willWrite(ranges.map { UInt64($0.lowerBound)..<UInt64($0.upperBound) })
        for range in ranges {
            let result = await blob.write(PieceBytes(Array(whole[range])), at: UInt64(range.lowerBound), md5: nil)
            guard case .written = result else { throw TestSupportError.setup("write \(range): \(result)") }
        }
        // Every written range is durable before the publish: its part is in the store.
        let pieces = ranges.map { StagedPiece(staged: id, offset: UInt64($0.lowerBound), length: $0.count) }
        #expect(try target.syncStaged(pieces) == [true, true, true, true])
        let staged = try #require(blob as? S3StagedBlob)
        #expect(staged.bytesHeld == 0, "no part is held in memory waiting for holes")
        let path = try BlobPath.parse("disks/sparse.vhd")
        _ = try target.publish([PublishRequest(staged: id, path: path, type: .page, length: UInt64(length))])
        #expect(try target.read(path, range: 0..<UInt64(length)) == whole)
        #expect(try target.head(path)?.md5 == MD5Digest(base16: FakeDrive.md5(whole)))
        #expect(try target.client.listMultipartUploads(prefix: "").isEmpty)
    }

    /// A copy that starts again in the same process (its pieces never durable) writes them
    /// again into the same staged blob: counted twice, the first part would go up before its
    /// second half arrived, zeros in its place.
    @Test func stagingAgainInTheSameProcessDoesNotCountBytesTwice() async throws {
        let target = try Self.target(bucket: try Self.freshBucket("again"))
        let large = testBytes(20 << 20, seed: 5)
        let id = StagedBlobID(rawValue: "D3-again-0")
        let first = target.stage(id, length: UInt64(large.count), expectsLargeWrites: false)
        try await Self.write(large, into: first, block: 4 << 20, order: [0])
        let again = target.stage(id, length: UInt64(large.count), expectsLargeWrites: false)
        try await Self.write(large, into: again, block: 4 << 20)
        let path = try BlobPath.parse("intake/again.bin")
        _ = try target.publish([PublishRequest(staged: id, path: path, type: .block, length: UInt64(large.count))])
        #expect(try target.read(path, range: 0..<UInt64(large.count)) == large)
    }

    @Test func dispositionsResolveAgainstTheBucket() async throws {
        let target = try Self.target(bucket: try Self.freshBucket("disposition"))
        let path = try BlobPath.parse("intake/report.pdf")
        func publish(_ id: String, _ bytes: [UInt8], _ disposition: ImportDisposition) async throws -> PublishOutcome {
            let blob = target.stage(StagedBlobID(rawValue: id), length: UInt64(bytes.count), expectsLargeWrites: false)
            try await Self.write(bytes, into: blob, block: 4096)
            return try target.publish([PublishRequest(staged: StagedBlobID(rawValue: id), path: path, type: .block,
                                                      length: UInt64(bytes.count), disposition: disposition)])[0]
        }
        #expect(try await publish("d-1", [1, 2, 3], .overwrite).disposition == .created)
        #expect(try await publish("d-2", [4, 5], .noOverwrite).disposition == .skipped)
        #expect(try target.read(path, range: 0..<10) == [1, 2, 3], "no-overwrite leaves the blob")
        let renamed = try await publish("d-3", [6], .rename)
        #expect(renamed.disposition == .renamed && renamed.final?.name == "report (2).pdf", "\(renamed)")
        #expect(try await publish("d-4", [7, 7], .overwrite).disposition == .overwritten)
        #expect(try target.read(path, range: 0..<10) == [7, 7])
        // The same request again (a resumed copy) reports what was done, and does it once.
        let again = try target.publish([PublishRequest(staged: StagedBlobID(rawValue: "d-3"), path: path, type: .block,
                                                       length: 1, disposition: .rename)])[0]
        #expect(again.disposition == .renamed && again.final?.name == "report (2).pdf")
        #expect(try target.list(container: "intake", prefix: "", startAfter: nil, limit: 10).count == 2)

        // One batch, stored in parallel: an earlier request of the batch counts as existing.
        let fresh = try BlobPath.parse("intake/batch.bin")
        var requests: [PublishRequest] = []
        for (index, disposition) in [ImportDisposition.overwrite, .rename, .noOverwrite, .rename].enumerated() {
            let id = StagedBlobID(rawValue: "b-\(index)")
            try await Self.write([UInt8(index)], into: target.stage(id, length: 1, expectsLargeWrites: false), block: 1)
            requests.append(PublishRequest(staged: id, path: fresh, type: .block, length: 1, disposition: disposition))
        }
        let batch = try target.publish(requests)
        #expect(batch.map(\.disposition) == [.created, .renamed, .skipped, .renamed], "\(batch)")
        #expect(batch.map { $0.final?.name } == ["batch.bin", "batch (2).bin", nil, "batch (3).bin"], "\(batch)")
        #expect(try target.read(try BlobPath.parse("intake/batch (3).bin"), range: 0..<1) == [3])
    }

    @Test func aResumedCopyKeepsThePartsTheStoreHolds() async throws {
        let bucket = try Self.freshBucket("resume")
        let large = testBytes(18 << 20, seed: 3)
        let id = StagedBlobID(rawValue: "D2-def-0")
        let request = PublishRequest(staged: id, path: try BlobPath.parse("intake/big.bin"), type: .block, length: UInt64(large.count))
        do {
            let first = try Self.target(bucket: bucket)
            let blob = first.stage(id, length: UInt64(large.count), expectsLargeWrites: true)
            try await Self.write(Array(large[..<(16 << 20)]), into: blob, block: 4 << 20)   // parts 1 and 2 go up
            #expect(try first.syncStaged([StagedPiece(staged: id, offset: 8 << 20, length: 4 << 20)]) == [true])
        }   // "killed": the target and everything it held in memory are gone
        let second = try Self.target(bucket: bucket)
        #expect(try second.stagingState(of: request) == .staged)
        let blob = second.stage(id, length: UInt64(large.count), expectsLargeWrites: true)
        let tail = Array(large[(16 << 20)...])
        let written = await blob.write(PieceBytes(tail), at: 16 << 20, md5: nil)
        guard case .written = written else { Issue.record("\(written)"); return }
        #expect(try second.publish([request])[0].disposition == .created)
        #expect(try second.read(request.path, range: 0..<UInt64.max) == large, "parts 1–2 from the first run, 3 from this one")
        #expect(try second.client.listMultipartUploads(prefix: "").isEmpty)
        #expect(try second.stagingState(of: request) == .published(PublishOutcome(requested: request.path, final: request.path,
                                                                                    disposition: .created)))
    }

    @Test func abandonedUploadsAreReclaimedButNotAClaimedOne() async throws {
        let target = try Self.target(bucket: try Self.freshBucket("reclaim"))
        let large = testBytes(9 << 20, seed: 4)
        for id in ["OLD-1-0", "RUN-2-0"] {
            try await Self.write(large, into: target.stage(StagedBlobID(rawValue: id), length: UInt64(large.count),
                                                          expectsLargeWrites: true), block: 8 << 20)
        }
        // Parts go up off the writing thread: wait until both are in the store before counting.
        let pieces = ["OLD-1-0", "RUN-2-0"].map { StagedPiece(staged: StagedBlobID(rawValue: $0), offset: 0, length: large.count) }
        #expect(try target.syncStaged(pieces) == [true, true])
        let claim = try target.claimStaging(copyPrefix: "RUN-2")
        #expect(throws: TargetError.self) { try target.claimStaging(copyPrefix: "RUN-2") }
        let reclaimed = try target.reclaimStaging(prefix: "", idleFor: .zero)
        #expect(reclaimed.entries == 1 && reclaimed.bytes == 9 << 20, "both parts of the abandoned upload: \(reclaimed)")
        #expect(try target.client.listMultipartUploads(prefix: "").map(\.key) == [target.layout.stagingKey(StagedBlobID(rawValue: "RUN-2-0"))])
        claim.release()
        try target.discardStaging(StagedBlobID(rawValue: "RUN-2-0"))
        #expect(try target.client.listMultipartUploads(prefix: "").isEmpty)
    }

    @Test func aWrongKeyOrAMissingBucketIsNotAccessible() throws {
        let bucket = try Self.freshBucket("refused")
        let wrong = try Self.target(bucket: bucket, secret: "wrong-secret-000000000000000000000000000")
        let refused = #expect(throws: TargetError.self) { try wrong.checkAccess() }
        guard case .notAccessible(let message) = refused else { Issue.record("\(String(describing: refused))"); return }
        #expect(message.contains("HTTP 403") && !message.contains("wrong-secret"), "\(message)")
        let missing = #expect(throws: TargetError.self) { try Self.target(bucket: "no-bucket-\(UUID().uuidString.prefix(8).lowercased())").checkAccess() }
        #expect(missing?.driveFailureState == .storageAccountNotAccessible, "\(String(describing: missing))")
        #expect("\(String(describing: missing))".contains("NoSuchBucket"))
    }
}
