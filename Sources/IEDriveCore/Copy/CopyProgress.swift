/// The copy's progress, as events the daemon publishes and `iedrive import` draws.
public struct CopyProgress: Sendable, Hashable {
    /// Bytes of blob data verified and written (this run and earlier ones).
    public var bytesSucceeded: UInt64
    /// Sum of the manifest's blob lengths: the service's "percent complete" is by bytes.
    public var totalBytes: UInt64
    public var blobsDone: Int
    public var blobCount: Int
    /// Bytes per second over the last few seconds, and the estimated seconds left.
    public var rate: Double
    public var secondsLeft: Double?

    public init(bytesSucceeded: UInt64, totalBytes: UInt64, blobsDone: Int, blobCount: Int, rate: Double,
                secondsLeft: Double?) {
        self.bytesSucceeded = bytesSucceeded
        self.totalBytes = totalBytes
        self.blobsDone = blobsDone
        self.blobCount = blobCount
        self.rate = rate
        self.secondsLeft = secondsLeft
    }

    /// 0…100, by bytes (a drive with no bytes is 100 % once its blobs are done).
    public var percentComplete: Int {
        guard totalBytes > 0 else { return blobCount == 0 || blobsDone == blobCount ? 100 : 0 }
        return Int(min(100, bytesSucceeded * 100 / totalBytes))
    }
}

/// What the copy reports as it goes.
public enum CopyEvent: Sendable, Hashable {
    case progress(CopyProgress)
    /// A blob finished (in manifest order), with its drive-log record.
    case blob(DriveLogBlob)
}
