
/// What the daemon publishes to watchers (the event stream, metrics, the systemd status):
/// lifecycle events as stored, and live copy progress, which is not stored per tick.
public enum DaemonEvent: Sendable {
    case lifecycle(id: Int64, job: JobKey, event: LifecycleEvent)
    case progress(DriveProgress)
}

/// A drive's live copy numbers (udisks-style job: bytes, rate, expected end).
public struct DriveProgress: Sendable, Hashable {
    public var job: JobKey
    public var jobName: String { job.name }
    public var driveId: String
    public var bytesSucceeded: Int64
    public var bytesToCopy: Int64
    public var blobsDone: Int
    public var blobCount: Int
    /// Bytes per second over the last seconds.
    public var rate: Double
    public var secondsLeft: Double?

    public init(job: JobKey, driveId: String, bytesSucceeded: Int64, bytesToCopy: Int64, blobsDone: Int,
                blobCount: Int, rate: Double, secondsLeft: Double?) {
        self.job = job
        self.driveId = driveId
        self.bytesSucceeded = bytesSucceeded
        self.bytesToCopy = bytesToCopy
        self.blobsDone = blobsDone
        self.blobCount = blobCount
        self.rate = rate
        self.secondsLeft = secondsLeft
    }

    public var percentComplete: Int {
        guard bytesToCopy > 0 else { return 100 }
        return Int(min(100, bytesSucceeded * 100 / bytesToCopy))
    }
}
