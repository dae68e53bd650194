import Foundation
import IEDriveCopy
import IEDriveCore
@testable import IEDriveDaemon
import IEDriveStore
import IEDriveTestSupport
import Synchronization
import Testing

/// The copy engine against a target that calls pieces durable later than they were written,
/// as an object store holding blocks until a part fills does: a piece goes into the journal
/// only once the target has called it durable, the others are asked about again, and every
/// blob still arrives whole.
@Suite struct DurabilityStageTests {
    @Test(arguments: [false, true])
    func piecesAreJournaledOnlyOnceTheTargetCallsThemDurable(mapped: Bool) async throws {
        let bench = try StageBench("durability")
        defer { bench.cleanup() }
        let files = (0..<12).map { FakeDrive.File("/set/f\($0).bin", testBytes(300_000 + $0 * 1_000, seed: UInt64($0))) }
        let (volume, _) = FakeDrive(files: files).volume(mapped: mapped)
        let target = WithheldDurabilityTarget(bench.target)
        let journal = DurabilitySpyJournal(bench.journal(), target: target)
        var options = ImportOptions()
        options.copy.commitBytes = 400_000   // a commit every second blob or so
        let run = ImportRun()
        run.summary = try await DriveImporter(volume: volume, target: target, journal: journal, options: options)
            .run { event in run.record(event) }
        #expect(run.summary?.driveStatus == .completed)
        for file in files { #expect(try bench.blobBytes("import" + file.path) == file.bytes, "\(file.path)") }
        #expect(target.withheld.withLock { $0 } > 0, "the fake withheld some pieces")
        #expect(journal.violations.withLock { $0 }.isEmpty, "journaled before durable: \(journal.violations.withLock { $0 })")
        #expect(target.askedAgain.withLock { $0 } > 0, "withheld pieces were asked about again")
    }
}

/// A named fake around the real local directory: every other `syncStaged` answers "not yet"
/// for each piece it has not seen before (the bytes are on disk all the same); pieces asked
/// about again are durable.
final class WithheldDurabilityTarget: StorageTarget, @unchecked Sendable {
    let base: LocalDirectoryTarget
    let withheld = Mutex(0)
    let askedAgain = Mutex(0)
    /// The pieces answered "not durable" by the latest call.
    let lastWithheld = Mutex<Set<StagedPiece>>([])
    private let seen = Mutex<Set<StagedPiece>>([])
    private let calls = Mutex(0)

    init(_ base: LocalDirectoryTarget) { self.base = base }

    var displayName: String { base.displayName }
    func checkAccess() throws(TargetError) { try base.checkAccess() }
    func stage(_ id: StagedBlobID, length: UInt64, expectsLargeWrites: Bool) -> any StagedBlob {
        base.stage(id, length: length, expectsLargeWrites: expectsLargeWrites)
    }
    func syncStaged(_ pieces: [StagedPiece]) throws(TargetError) -> [Bool] {
        let flushed = try base.syncStaged(pieces)
        let call = calls.withLock { $0 += 1; return $0 }
        var answers: [Bool] = []
        var held: Set<StagedPiece> = []
        for (piece, durable) in zip(pieces, flushed) {
            let known = seen.withLock { !$0.insert(piece).inserted }
            if known { askedAgain.withLock { $0 += 1 } }
            let answer = durable && (known || call % 2 == 0)
            if !answer { held.insert(piece) }
            answers.append(answer)
        }
        withheld.withLock { $0 += held.count }
        lastWithheld.withLock { $0 = held }
        return answers
    }
    func discardStaging(_ id: StagedBlobID) throws(TargetError) { try base.discardStaging(id) }
    func stagingState(of request: PublishRequest) throws(TargetError) -> StagingState { try base.stagingState(of: request) }
    func exists(_ path: BlobPath) throws(TargetError) -> Bool { try base.exists(path) }
    func publish(_ batch: [PublishRequest]) throws(TargetError) -> [PublishOutcome] { try base.publish(batch) }
    func info(_ path: BlobPath) throws(TargetError) -> StoredBlobInfo? { try base.info(path) }
    func list(container: String, prefix: String, startAfter: String?, limit: Int) throws(TargetError) -> [StoredBlobInfo] {
        try base.list(container: container, prefix: prefix, startAfter: startAfter, limit: limit)
    }
    func read(_ path: BlobPath, range: Range<UInt64>) throws(TargetError) -> [UInt8] { try base.read(path, range: range) }
    func containers() throws(TargetError) -> [String] { try base.containers() }
    func containerExists(_ name: String) throws(TargetError) -> Bool { try base.containerExists(name) }
    func createContainer(_ name: String) throws(TargetError) -> Bool { try base.createContainer(name) }
    func deleteContainer(_ name: String) throws(TargetError) -> Bool { try base.deleteContainer(name) }
    func delete(_ path: BlobPath) throws(TargetError) -> Bool { try base.delete(path) }
    func updateDescription(_ path: BlobPath, properties: BlobProperties, metadata: BlobMetadata) throws(TargetError) -> Bool {
        try base.updateDescription(path, properties: properties, metadata: metadata)
    }
    func claimStaging(copyPrefix: String) throws(TargetError) -> any StagingClaim { try base.claimStaging(copyPrefix: copyPrefix) }
    func reclaimStaging(prefix: String, idleFor: Duration) throws(TargetError) -> StagingReclaim {
        try base.reclaimStaging(prefix: prefix, idleFor: idleFor)
    }
}

/// A spy around the real journal: a piece recorded durable that the target's latest answer
/// withheld is a violation.
final class DurabilitySpyJournal: CopyJournal, @unchecked Sendable {
    let base: any CopyJournal
    let target: WithheldDurabilityTarget
    let violations = Mutex<[JournaledPiece]>([])
    private let prefix = Mutex("")

    init(_ base: any CopyJournal, target: WithheldDurabilityTarget) {
        self.base = base
        self.target = target
    }

    func begin(_ key: CopyKey) throws -> CopyResumeState { try base.begin(key) }
    func recordDurable(_ pieces: [JournaledPiece]) throws {
        let held = target.lastWithheld.withLock { $0 }
        let bad = pieces.filter { piece in held.contains { $0.offset == piece.offset && $0.length == Int(piece.length)
                                                            && $0.staged.rawValue.hasSuffix("-\(piece.blobIndex)") } }
        violations.withLock { $0 += bad }
        try base.recordDurable(pieces)
    }
    func recordFinished(_ blobs: [FinishedBlob]) throws { try base.recordFinished(blobs) }
    func complete(_ key: CopyKey, status: DriveStatus) throws { try base.complete(key, status: status) }
    func forget(_ key: CopyKey) throws { try base.forget(key) }
}
