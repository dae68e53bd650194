import IEDriveCore

/// The copy's counters and its progress events: bytes copied this run and resumed from an
/// earlier one, blobs done, the rate over the last seconds; an event at most every half
/// second unless forced (a commit, the end).
struct CopyProgressMeter {
    var blobCount: Int
    var totalBytes: UInt64
    var blobsResumed = 0
    var blobsDone = 0
    var bytesCopied: UInt64 = 0
    var bytesResumed: UInt64 = 0
    var bytesReadDirectly: UInt64 = 0
    private var rate = RateMeter()
    private var lastEvent = 0.0

    init(blobCount: Int, totalBytes: UInt64) {
        self.blobCount = blobCount
        self.totalBytes = totalBytes
    }

    /// A piece verified and written in this run.
    mutating func copied(_ length: UInt32, direct: Bool) {
        bytesCopied += UInt64(length)
        if direct { bytesReadDirectly += UInt64(length) }
        rate.add(UInt64(length))
    }

    /// The event due now, if any.
    mutating func event(force: Bool) -> CopyProgress? {
        let now = Monotonic.now()
        guard force || now - lastEvent >= 0.5 else { return nil }
        lastEvent = now
        let done = bytesCopied + bytesResumed
        let speed = rate.bytesPerSecond()
        let left = totalBytes > done && speed > 0 ? Double(totalBytes - done) / speed : nil
        return CopyProgress(bytesSucceeded: done, totalBytes: totalBytes, blobsDone: blobsDone, blobCount: blobCount,
                            rate: speed, secondsLeft: left)
    }
}
