import IEDriveCore

/// The copy's durability, a group at a time: pieces written since the last commit wait here;
/// after enough bytes, blobs or seconds one commit makes them durable (one `syncStaged`),
/// records those the target calls durable in the journal (one transaction) and publishes the
/// blobs that settled, as a batch — on the commit queue (``RunningCommit``) while the copy
/// goes on. Pieces the target does not call durable yet wait for the next commit. One commit
/// runs at a time; its blobs are reported when the next one starts, or at the end.
final class GroupCommit {
    private let target: any StorageTarget
    private let journal: any CopyJournal
    private let commitBytes: UInt64
    private let commitBlobs: Int
    private let commitSeconds: Double
    /// Pieces written since the last commit started: durable once it synced.
    private var pending: [JournaledPiece] = []
    private var bytesSinceCommit: UInt64 = 0
    private var lastCommit = Monotonic.now()
    private var running: (commit: RunningCommit, ready: [BlobCopy])?
    /// The copy's staging-id prefix: piece of blob `i` is staged as `<prefix>-<i>`.
    var stagedPrefix = ""

    init(target: any StorageTarget, journal: any CopyJournal, options: CopyOptions) {
        self.target = target
        self.journal = journal
        commitBytes = options.commitBytes
        commitBlobs = options.commitBlobs
        commitSeconds = options.commitSeconds
    }

    func written(_ piece: JournaledPiece) {
        pending.append(piece)
        bytesSinceCommit += UInt64(piece.length)
    }

    /// Whether a commit is due, with `settled` blobs ready to publish.
    func isDue(settled: Int) -> Bool {
        bytesSinceCommit >= commitBytes || settled >= commitBlobs || Monotonic.now() - lastCommit >= commitSeconds
    }

    /// Whether a commit is running that has not finished yet.
    var isBusy: Bool { running.map { !$0.commit.isDone } ?? false }
    var hasRunning: Bool { running != nil }
    var hasPending: Bool { !pending.isEmpty }

    /// Starts a commit of the pending pieces and of `ready` (settled blobs, in manifest
    /// order), publishing `requests` (the intact ones). The previous one must be taken first.
    func start(ready: [BlobCopy], publishing requests: [PublishRequest]) {
        precondition(running == nil, "a group commit is still running")
        let pieces = pending
        pending.removeAll(keepingCapacity: true)
        bytesSinceCommit = 0
        lastCommit = Monotonic.now()
        running = (RunningCommit(target: target, journal: journal, pieces: pieces, staged: pieces.map(staged),
                                 requests: requests), ready)
    }

    /// Waits for the running commit: its settled blobs and the publish outcomes of its requests.
    /// On failure its pieces go back to the pending ones (a salvage tries again).
    func finishRunning() async throws -> (ready: [BlobCopy], outcomes: [PublishOutcome])? {
        guard let (commit, ready) = running else { return nil }
        running = nil
        do {
            let done = try await commit.outcomes()
            pending.insert(contentsOf: done.notDurable, at: 0)
            return (ready, done.outcomes)
        } catch {
            pending.insert(contentsOf: commit.pieces, at: 0)
            throw error
        }
    }

    /// After a drive failure: makes what was written durable and journals it; errors are
    /// swallowed (the drive failure is what matters).
    func salvage(alsoWritten written: [JournaledPiece]) {
        pending += written
        if let durable = try? target.syncStaged(pending.map(staged)) {
            try? journal.recordDurable(zip(pending, durable).filter(\.1).map(\.0))
            pending.removeAll()
        }
    }

    private func staged(_ piece: JournaledPiece) -> StagedPiece {
        StagedPiece(staged: StagedBlobID(rawValue: "\(stagedPrefix)-\(piece.blobIndex)"), offset: piece.offset, length: Int(piece.length))
    }
}
