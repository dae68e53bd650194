/// How one `PublishRequest` ended (drive-manifest.md §5, drive-logs.md §5.3).
///
/// * `created`, `overwritten`: `final` is the requested path.
/// * `renamed`: `final` is the first free `name (n)` candidate; the DriveLog's `BlobPath` shows it.
/// * `skipped` (`no-overwrite` and the blob exists): `final` is nil, the existing blob is untouched
///   and the staged bytes are discarded.
/// * `failure == .renameFailed`: every rename candidate broke a naming rule (the name is already
///   at the length limit); `final` is nil, `disposition` is `cancelled`, staged bytes discarded.
public struct PublishOutcome: Sendable, Hashable {
    public var requested: BlobPath
    public var final: BlobPath?
    public var disposition: DispositionStatus
    /// A blob-level failure (only `.renameFailed` today), nil when the blob was resolved.
    public var failure: BlobStatus?

    public init(requested: BlobPath, final: BlobPath?, disposition: DispositionStatus, failure: BlobStatus? = nil) {
        self.requested = requested
        self.final = final
        self.disposition = disposition
        self.failure = failure
    }
}
