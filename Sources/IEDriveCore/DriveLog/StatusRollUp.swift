/// The roll-up rules of drive-logs.md §5.6, as pure functions.
///
/// * Blob: the first fatal blob-level code if any; else `CompletedWithErrors` if any
///   block/page range, metadata or properties status is not `Completed`; else `Completed`.
/// * Drive: the fatal drive code if processing could not run; else `CompletedWithErrors` if
///   any blob is not `Completed`; else `CompletedWithWarnings` if any disposition was
///   `Renamed`, `Skipped` or `Overwritten`; else `Completed`.
public enum StatusRollUp {
    public static func blobStatus(fatal: BlobStatus?, pieces: some Sequence<PieceStatus>,
                                  metadata: MetadataPropertiesStatus? = nil,
                                  properties: MetadataPropertiesStatus? = nil) -> BlobStatus {
        if let fatal, fatal.isFatal { return fatal }
        let partFailed = pieces.contains { $0 != .completed }
            || (metadata.map { $0 != .completed } ?? false)
            || (properties.map { $0 != .completed } ?? false)
        return partFailed ? .completedWithErrors : .completed
    }

    public static func driveStatus(fatal: DriveStatus?,
                                   blobs: some Sequence<(status: BlobStatus, disposition: DispositionStatus?)>) -> DriveStatus {
        var accumulator = DriveStatusAccumulator()
        for blob in blobs { accumulator.add(blob.status, disposition: blob.disposition) }
        return accumulator.status(fatal: fatal)
    }
}

/// The drive roll-up one blob at a time, for logs of a million blobs that are never held
/// in memory together.
public struct DriveStatusAccumulator: Sendable, Hashable {
    public private(set) var blobCount = 0
    public private(set) var blobsNotCompleted = 0
    public private(set) var dispositionWarnings = 0

    public init() {}

    public mutating func add(_ status: BlobStatus, disposition: DispositionStatus?) {
        blobCount += 1
        if status != .completed { blobsNotCompleted += 1 }
        if disposition?.isWarning == true { dispositionWarnings += 1 }
    }

    /// The drive status; a `fatal` code that is not a copy outcome wins.
    public func status(fatal: DriveStatus? = nil) -> DriveStatus {
        if let fatal, !fatal.copyRan { return fatal }
        if blobsNotCompleted > 0 { return .completedWithErrors }
        if dispositionWarnings > 0 { return .completedWithWarnings }
        return .completed
    }
}
