import IEDriveCore

/// At most one progress message per drive every `interval` (about 2/s by default); the last
/// one of a copy (all bytes done) always passes.
struct ProgressThrottle {
    var interval: Duration = .milliseconds(500)
    private var lastSent: [String: ContinuousClock.Instant] = [:]

    init(interval: Duration = .milliseconds(500)) { self.interval = interval }

    mutating func admits(_ progress: DriveProgress, at now: ContinuousClock.Instant = .now) -> Bool {
        let key = "\(ASCIICaseless.folded(progress.job.description))/\(progress.driveId)"
        let done = progress.bytesToCopy > 0 && progress.bytesSucceeded >= progress.bytesToCopy
        if !done, let last = lastSent[key], now - last < interval { return false }
        lastSent[key] = now
        return true
    }
}
