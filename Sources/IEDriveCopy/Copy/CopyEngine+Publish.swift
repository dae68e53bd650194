import IEDriveCore

/// Group commit and publish: when a commit is due, the blobs settled at the head of the
/// manifest order go into it (the intact ones published, the others dropped); when it is
/// done, each is journaled as finished and reported, in manifest order.
extension CopyEngine {
    /// Commits when a commit is due, and shows progress.
    func settle() async throws {
        let settled = order.prefix { $0.isSettled }
        if commits.isDue(settled: settled.count) {
            // A target slower to publish than the drive is to read (an object store, small
            // blobs held in memory until their publish) must not let settled blobs pile up
            // behind a running commit: past twice a commit's bytes, wait for it.
            let backlog = settled.reduce(UInt64(0)) { $0 + $1.blob.length }
            try await commit(force: backlog / 2 >= options.commitBytes)
        }
        emitProgress(force: false)
    }

    /// Starts a group commit of what is settled: the target and journal work runs on the
    /// commit queue while the copy goes on; its blobs are reported when the next commit
    /// starts, or at ``finish()``. One commit runs at a time: a due commit waits for the
    /// running one only when `force`d, otherwise it comes at a later piece.
    func commit(force: Bool) async throws {
        if commits.hasRunning {
            guard force || !commits.isBusy else { return }
            try await completeRunningCommit()
        }
        let ready = Array(order.prefix { $0.isSettled })
        guard force || !ready.isEmpty || commits.hasPending else { return }
        order.removeFirst(ready.count)
        for copy in ready { copy.writer = nil }   // closed once its last queued write is done
        let requests = ready.filter { $0.isIntact && !$0.skipped && $0.publishedEarlier == nil }.compactMap(\.publishRequest)
        commits.start(ready: ready, publishing: requests)
    }

    /// Waits for the running commit and reports its blobs: 1. every staged byte written before
    /// it became durable; 2. the journal says so; 3. its intact blobs were published.
    func completeRunningCommit() async throws {
        let taken: (ready: [BlobCopy], outcomes: [PublishOutcome])?
        do {
            taken = try await commits.finishRunning()
        } catch let error as TargetError {
            throw Self.targetFailure(error, target: target)
        }
        guard let (ready, outcomes) = taken else { return }
        var finished: [FinishedBlob] = []
        var published = 0
        for copy in ready {
            let finalPath: String?, disposition: DispositionStatus?
            if copy.skipped {
                finalPath = copy.path?.text
                disposition = .skipped
            } else if let earlier = copy.publishedEarlier {
                finalPath = earlier.final?.text
                disposition = earlier.disposition
                if let failure = earlier.failure { copy.read.fail(failure, "no free name for \(copy.blob.blobPathText) (rename)") }
            } else if copy.isIntact {
                let outcome = outcomes[published]
                published += 1
                finalPath = outcome.final?.text
                disposition = outcome.disposition
                if let failure = outcome.failure { copy.read.fail(failure, "no free name for \(copy.blob.blobPathText) (rename)") }
            } else {
                if copy.path != nil { try? target.discardStaging(copy.staged) }
                finalPath = nil
                disposition = nil
            }
            let status = copy.skipped ? BlobStatus.completed : copy.read.status
            finished.append(FinishedBlob(blobIndex: copy.blob.index, status: status, finalPath: finalPath, disposition: disposition))
            report(status, copy.logged(status: status, finalPath: finalPath, dispositionStatus: disposition, withPieces: options.logPieces))
        }
        try journal.recordFinished(finished)
        emitProgress(force: true)
    }

    func report(_ status: BlobStatus, _ logged: DriveLogBlob) {
        accumulator.add(status, disposition: logged.disposition?.status)
        progress.blobsDone += 1
        events(.blob(logged))
    }

    func emitProgress(force: Bool) {
        if let event = progress.event(force: force) { events(.progress(event)) }
    }
}
