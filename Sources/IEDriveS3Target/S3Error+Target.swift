public import IEDriveCore
public import IEDriveS3

extension S3Error {
    /// As the target's callers see it: a refusal (wrong key, denied, no bucket) or a store
    /// that did not answer within the retry budget is "not accessible" (the drive state
    /// `Storage account not accessible`); a full store is "full"; anything else an I/O error.
    /// The message names the operation and what the store said, never a secret.
    public var targetError: TargetError {
        if isRefusal || kind == .unreachable || isTransient { return .notAccessible(description) }
        if code == "QuotaExceeded" || code == "EntityTooLarge" { return .full(description) }
        return .io(description, errno: 5)
    }
}
