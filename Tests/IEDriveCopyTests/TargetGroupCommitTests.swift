import Glibc
@testable import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Many small blobs, published in batches: two syncfs per batch (records and bytes before the
/// renames, the renames after), not one fsync per blob. No `syncStaged` is needed before
/// `publish`, whose first flush covers the staged bytes.
/// The count is 2,000 by default; `IEDRIVE_TARGET_BENCH_COUNT=20000` (scripts/bench-target,
/// under `strace -c -f`) is the measurement of the report.
@Suite struct TargetGroupCommitTests {
    @Test func publishesManySmallBlobsInBatches() throws {
        let count = getenv("IEDRIVE_TARGET_BENCH_COUNT").flatMap { Int(String(cString: $0)) } ?? 2_000
        let batchSize = 500
        let fixture = try TargetFixture("groupcommit")
        defer { fixture.cleanup() }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var published = 0
        for batchStart in stride(from: 0, to: count, by: batchSize) {
            var requests: [PublishRequest] = []
            for index in batchStart..<min(count, batchStart + batchSize) {
                let id = "bench-\(index)"
                let fd = try fixture.target.openStaging(StagedBlobID(id), length: 1)
                try writeAll(fd, [UInt8(truncatingIfNeeded: index)], at: 0)
                close(fd)
                requests.append(PublishRequest(staged: StagedBlobID(id), path: try BlobPath.parse("bench/d\(index % 20)/b\(index)"),
                                               type: .block, length: 1,
                                               properties: BlobProperties(contentType: "application/octet-stream")))
            }
            published += try fixture.target.publish(requests).filter { $0.disposition == .created }.count
        }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        print("group commit: staged and published \(count) one-byte blobs in batches of \(batchSize) in \(seconds) s")
        #expect(published == count)
        #expect(try fixture.allNames("bench", prefix: "d7/", pageSize: 1_000).count == count / 20)
    }
}
