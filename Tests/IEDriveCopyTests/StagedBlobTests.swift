import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// The block-shaped target protocol on the local directory, through `any StorageTarget` only:
/// blocks staged out of order from the writer queue and from a lane, durability asked piece
/// by piece, a publish, and ranges read back.
@Suite struct StagedBlobTests {
    @Test func blocksStagePublishAndReadBackInRanges() async throws {
        let directory = try TestEnvironment.temporaryDirectory("staged-blob")
        defer { directory.cleanup() }
        let target: any StorageTarget = LocalDirectoryTarget(root: directory.path)
        let id = StagedBlobID(rawValue: "staged-1")
        let first = testBytes(4096, seed: 1), second = testBytes(5000, seed: 2)
        let blob = target.stage(id, length: 9096, expectsLargeWrites: false)
        // The second block first, through the writer queue; then the first, on this thread.
        let late = await blob.write(PieceBytes(second), at: 4096, md5: MD5.digest(second))
        guard case .written = late else { Issue.record("write: \(late)"); return }
        let early = first.withUnsafeBytes { blob.writeNow($0, at: 0, md5: nil) }
        guard case .written = early else { Issue.record("writeNow: \(early)"); return }
        let pieces = [StagedPiece(staged: id, offset: 0, length: 4096), StagedPiece(staged: id, offset: 4096, length: 5000)]
        #expect(try target.syncStaged(pieces) == [true, true], "a local directory makes every written piece durable at once")
        let path = try BlobPath.parse("intake/staged.bin")
        let outcome = try target.publish([PublishRequest(staged: id, path: path, type: .block, length: 9096)])
        #expect(outcome.first?.disposition == .created)
        #expect(try target.read(path, range: 0..<9096) == first + second)
        #expect(try target.read(path, range: 4000..<4200) == Array((first + second)[4000..<4200]))
        #expect(try target.read(path, range: 9000..<UInt64.max) == Array(second.suffix(96)), "a range past the end is clipped")
        #expect(try target.read(path, range: 20_000..<30_000).isEmpty)
        let missing = #expect(throws: TargetError.self) { try target.read(try BlobPath.parse("intake/none"), range: 0..<1) }
        guard case .io(_, let errno) = missing else { Issue.record("\(String(describing: missing))"); return }
        #expect(errno == 2, "no such blob is ENOENT")
    }

    @Test func anEmptyBlobIsCreatedWithoutAWrite() throws {
        let directory = try TestEnvironment.temporaryDirectory("staged-empty")
        defer { directory.cleanup() }
        let target: any StorageTarget = LocalDirectoryTarget(root: directory.path)
        let id = StagedBlobID(rawValue: "empty-1")
        try target.stage(id, length: 0, expectsLargeWrites: true).createNow()
        let path = try BlobPath.parse("intake/empty")
        _ = try target.publish([PublishRequest(staged: id, path: path, type: .block, length: 0)])
        #expect(try target.info(path)?.length == 0 && target.read(path, range: 0..<10).isEmpty)
    }
}
