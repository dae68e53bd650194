extension Drive {
    /// The copy has started (D7), whatever happened after.
    public var copyStarted: Bool { timestamps.copyStartedAt != nil }

    /// Processing is over: copy finished (any way) or the drive failed.
    public var processingEnded: Bool {
        switch outcome {
        case .clean, .warnings, .errors, .failed: true
        case .none, .notReceived: false
        }
    }

    /// `copyStatus` (states.md §11.2): absent before `Transferring`; the failure token for a
    /// failed drive, including one that failed before the copy (§11.1); kept after `ShippedBack`
    /// (rest-api.md §8.3 shows `ShippedBack` with `BitLockerKeyInvalid`).
    public var copyStatus: CopyStatus? {
        if state == .transferring { return .inProgress }
        switch outcome {
        case .clean: return .completed
        case .warnings: return .completedWithWarnings
        case .errors: return .completedWithErrors
        case .failed(let failure): return .failed(failure)
        case .none, .notReceived: return nil
        }
    }

    /// `percentComplete` (states.md §11.1): absent before `Transferring`; floor(100 × copied /
    /// to copy) while copying (0 when there is nothing to copy yet); 100 once the copy
    /// finished, even with errors; 0 for a drive that failed its pre-copy checks. A drive that
    /// failed during the copy keeps the share it had copied (not documented; our choice).
    public var percentComplete: Int? {
        switch outcome {
        case .clean, .warnings, .errors: return 100
        case .failed: return copyStarted ? Self.percent(bytesSucceeded ?? 0, of: bytesToCopy ?? 0) : 0
        case .none, .notReceived:
            guard state == .transferring else { return nil }
            return Self.percent(bytesSucceeded ?? 0, of: bytesToCopy ?? 0)
        }
    }

    /// The drive's Preview status (states.md §4, §5).
    public var previewStatus: PreviewDriveStatus {
        switch outcome {
        case .clean: return .completed
        case .warnings: return .completedWithWarnings
        case .errors: return .completedWithErrors
        case .failed(let failure): return .failure(failure)
        case .notReceived: return .failure(.diskNotReceived)
        case .none:
            if state == .neverReceived { return .failure(.diskNotReceived) }
            if state == .transferring { return .inProgress(percent: percentComplete ?? 0) }
            return .notStarted
        }
    }

    /// Bytes this drive counts as done and as to do in the job's percentage (states.md §11.1):
    /// only drives whose copy started; a drive whose copy finished counts as fully done, so the
    /// job's figure agrees with the drives' 100 %.
    var jobProgressShare: (done: Int64, total: Int64)? {
        guard copyStarted else { return nil }
        let total = max(0, bytesToCopy ?? 0)
        switch outcome {
        case .clean, .warnings, .errors: return (total, total)
        case .failed, .none, .notReceived: return (min(max(0, bytesSucceeded ?? 0), total), total)
        }
    }

    static func percent(_ done: Int64, of total: Int64) -> Int {
        guard total > 0 else { return 0 }
        let clamped = min(max(done, 0), total)
        let product = clamped.multipliedFullWidth(by: 100)
        return Int(total.dividingFullWidth(product).quotient)
    }
}
