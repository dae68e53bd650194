import Dispatch
import IEDriveCore
import Synchronization

/// One group commit's target and journal work — `syncStaged`, the journal's record of the
/// pieces now durable, the publish batch — on the commit queue, while the engine goes on copying.
/// The engine takes the outcome (and reports the batch's blobs) before the next commit.
final class RunningCommit: Sendable {
    private struct State {
        var result: Result<Done, any Error>?
        var waiter: CheckedContinuation<Done, any Error>?
    }

    /// What a finished commit hands back: the publish outcomes, in request order, and the
    /// pieces the target did not call durable yet (for the next commit).
    struct Done: Sendable {
        var outcomes: [PublishOutcome]
        var notDurable: [JournaledPiece]
    }

    /// The pieces this commit makes durable: back to the engine if it fails, so a salvage
    /// can try again.
    let pieces: [JournaledPiece]
    private let state = Mutex(State())

    private static let queue = DispatchQueue(label: "iedrive.copy.commit")

    init(target: any StorageTarget, journal: any CopyJournal, pieces: [JournaledPiece], staged: [StagedPiece],
         requests: [PublishRequest]) {
        self.pieces = pieces
        Self.queue.async { [self] in
            let result = Result<Done, any Error> {
                let durable = try target.syncStaged(staged)
                try journal.recordDurable(zip(pieces, durable).filter(\.1).map(\.0))
                let outcomes = requests.isEmpty ? [] : try target.publish(requests)
                return Done(outcomes: outcomes, notDurable: zip(pieces, durable).filter { !$0.1 }.map(\.0))
            }
            let waiter = state.withLock { state in
                state.result = result
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(with: result)
        }
    }

    /// Whether the work is done (taking the outcome will not wait).
    var isDone: Bool { state.withLock { $0.result != nil } }

    /// The publish outcomes and the pieces not yet durable, once the work is done.
    func outcomes() async throws -> Done {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Done, any Error>? in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
