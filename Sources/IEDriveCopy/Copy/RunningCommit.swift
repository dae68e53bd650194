import Dispatch
import IEDriveCore
import Synchronization

/// One group commit's target and journal work — `syncfs`, the journal's record of the pieces
/// now durable, the publish batch — on the commit queue, while the engine goes on copying.
/// The engine takes the outcome (and reports the batch's blobs) before the next commit.
final class RunningCommit: Sendable {
    private struct State {
        var result: Result<[PublishOutcome], any Error>?
        var waiter: CheckedContinuation<[PublishOutcome], any Error>?
    }

    /// The pieces this commit makes durable: back to the engine if it fails, so a salvage
    /// can try again.
    let pieces: [JournaledPiece]
    private let state = Mutex(State())

    private static let queue = DispatchQueue(label: "iedrive.copy.commit")

    init(target: any StorageTarget, journal: any CopyJournal, pieces: [JournaledPiece], requests: [PublishRequest]) {
        self.pieces = pieces
        Self.queue.async { [self] in
            let result = Result<[PublishOutcome], any Error> {
                try target.syncStaged()
                try journal.recordDurable(pieces)
                return requests.isEmpty ? [] : try target.publish(requests)
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

    /// The publish outcomes, in request order, once the work is done.
    func outcomes() async throws -> [PublishOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<[PublishOutcome], any Error>? in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
