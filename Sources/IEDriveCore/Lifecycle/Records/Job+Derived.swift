extension Job {
    /// `properties.state` as the API spells it.
    public func classicState(canceledAs spelling: CanceledJobSpelling = .canceled) -> String {
        state.classic(canceledAs: spelling)
    }

    /// `properties.percentComplete` (states.md §11.1): absent before the job first entered
    /// `Transferring`; then floor(100 × Σ copied / Σ to copy) over the drives whose copy
    /// started; with nothing to copy, 0 until `Packaging` and 100 from then on.
    public var percentComplete: Int? {
        guard timestamps.transferStartedAt != nil else { return nil }
        let shares = drives.compactMap(\.jobProgressShare)
        let done = shares.reduce(Int64(0)) { Saturating.add($0, $1.done) }
        let total = shares.reduce(Int64(0)) { Saturating.add($0, $1.total) }
        guard total > 0 else { return state == .transferring || state == .received ? 0 : 100 }
        return Drive.percent(done, of: total)
    }

    /// The worst drive outcome once every drive finished copying, in the spec's precedence
    /// failed > errors > warnings > clean (states.md §2.1); nil while a drive still has work.
    /// A drive that never arrived ranks with errors (our reading: Classic counts it as an error).
    var finishedCopyVerdict: PreviewJobStatus? {
        guard !drives.isEmpty, drives.allSatisfy({ $0.processingEnded || $0.state == .neverReceived }) else {
            return nil
        }
        let outcomes = drives.map(\.outcome)
        if outcomes.contains(where: { if case .failed = $0 { true } else { false } }) { return .dataCopyFailed }
        if outcomes.contains(where: { $0 == .errors || $0 == .notReceived }) { return .dataCopyCompletedWithErrors }
        if outcomes.contains(.warnings) { return .dataCopyCompletedWithWarnings }
        return nil
    }

    /// The Preview status (states.md §11, "Preview label"): the Classic state's label, except
    /// that once every drive finished copying a failure / errors / warnings label shows through
    /// `Transferring` and `Packaging` until the drives go back; `Completed` shows "Shipped to
    /// customer" until the return transit delay elapsed, and `Closed` keeps that label.
    public var previewStatus: PreviewJobStatus {
        switch state {
        case .transferring, .packaging:
            if let verdict = finishedCopyVerdict, !drives.contains(where: { $0.state == .shippedBack }) {
                return verdict
            }
            return state.preview
        case .completed:
            return returnTransitElapsed ? .completed : .shippedToCustomer
        case .creating, .shipping, .received, .closed, .canceled:
            return state.preview
        }
    }

    /// `listBitLockerKeys` (rest-api.md §3.5): one entry per drive that has a key — every
    /// import drive; an export drive once it left `Transferring`.
    public var bitLockerKeys: [(driveId: String, key: BitLockerKey)] {
        drives.compactMap { drive in drive.bitLockerKey.map { (driveId: drive.driveId, key: $0) } }
    }

    /// Counts against the optional active-job limit (states.md §13): every job not finished.
    public var isActive: Bool { !state.isTerminal }
}
