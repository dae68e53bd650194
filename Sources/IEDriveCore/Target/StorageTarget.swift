/// Where imported blobs go: the datacenter's side of a storage account. The copy engine stages
/// each blob's bytes, makes them durable in groups, then publishes a batch; only a published
/// blob is visible to `exists`, `info`, `list` and `openBlob`.
///
/// Durability is a group commit: `syncStaged` and `publish` each end with one flush of the whole
/// file system, never one per blob. Descriptors returned by `openStaging` and `openBlob` belong
/// to the caller, who closes them. Implementations are safe to call from several threads.
public protocol StorageTarget: Sendable {
    /// The address operators read in logs: `file:///srv/iedrive/target`.
    var displayName: String { get }

    /// Checks that the target exists and takes writes (a probe file is created and removed).
    func checkAccess() throws(TargetError)

    /// Opens (creating if absent) the staging file of a blob being copied; the same id reopens
    /// the same file after a crash (resume). Sets its size to `length` (sparse: page blobs keep
    /// their holes). Returns a descriptor opened `O_RDWR | O_CLOEXEC`, owned by the caller; the
    /// engine pwrites at offsets (`StagedWriter`).
    func openStaging(_ id: StagedBlobID, length: UInt64) throws(TargetError) -> Int32

    /// Makes every staged byte written so far durable: one flush for the file system, not one
    /// per file.
    func syncStaged() throws(TargetError)

    /// Removes a staging file (absent is fine).
    func discardStaging(_ id: StagedBlobID) throws(TargetError)

    /// For a copy resuming from its journal, what became of a blob it had staged (the request
    /// as it would publish it): still staged, published already (a crash after `publish`,
    /// before the journal recorded it; the outcome is the one recorded then), or neither.
    func stagingState(of request: PublishRequest) throws(TargetError) -> StagingState

    /// Whether a published blob exists at `path`.
    func exists(_ path: BlobPath) throws(TargetError) -> Bool

    /// Publishes staged blobs atomically and durably, as a group. For each request, in order:
    /// resolve the disposition (drive-manifest.md §5: `rename` → first free `name (n)`,
    /// `no-overwrite` → skip when the blob exists, `overwrite` → replace; earlier requests of
    /// the batch count as existing), store type, properties and metadata with the bytes, and
    /// make the blob visible in one step. Staged bytes and descriptions are made durable before
    /// any blob becomes visible, and the batch's names after: a constant number of file-system
    /// flushes per batch, none per blob (so a `syncStaged` just before is not needed). Returns
    /// one outcome per request, in order. Staging files of the batch are gone afterwards
    /// (published or discarded).
    ///
    /// On a thrown error the requests before the failing one may be published. Publishing the
    /// same batch again is safe: a blob already published from its staged id (at its path or,
    /// for `rename`, a rename candidate) reports its recorded outcome instead of being
    /// published twice, also when the id was staged anew in between.
    func publish(_ batch: [PublishRequest]) throws(TargetError) -> [PublishOutcome]

    /// The published blob at `path`, or nil.
    func info(_ path: BlobPath) throws(TargetError) -> StoredBlobInfo?

    /// Blobs of `container` whose names start with `prefix`, sorted by the UTF-8 bytes of the
    /// name (Azure's order); at most `limit` of them, all after `startAfter` when given. Pass
    /// the last name of one page as `startAfter` to get the next.
    func list(container: String, prefix: String, startAfter: String?, limit: Int) throws(TargetError) -> [StoredBlobInfo]

    /// Opens a published blob's bytes read-only (`O_RDONLY | O_CLOEXEC`, caller closes): for
    /// tests, export and the API.
    func openBlob(_ path: BlobPath) throws(TargetError) -> Int32

    // MARK: Containers and changes (a storage account's Blob endpoint)

    /// The containers, by name in byte order.
    func containers() throws(TargetError) -> [String]
    func containerExists(_ name: String) throws(TargetError) -> Bool
    /// Creates container `name`; false when it already existed.
    func createContainer(_ name: String) throws(TargetError) -> Bool
    /// Removes container `name` and every blob in it; false when there was none.
    func deleteContainer(_ name: String) throws(TargetError) -> Bool
    /// Removes the published blob at `path`; false when there was none.
    func delete(_ path: BlobPath) throws(TargetError) -> Bool
    /// Replaces a published blob's properties and metadata, keeping its bytes (a new
    /// Last-Modified and ETag); false when there is no such blob.
    func updateDescription(_ path: BlobPath, properties: BlobProperties, metadata: BlobMetadata) throws(TargetError) -> Bool

    // MARK: Leftovers

    /// Marks the copy whose staged ids start with `copyPrefix` + `-` as running until the claim
    /// is released (or its process ends): ``reclaimStaging(prefix:idleFor:)`` leaves that copy's
    /// staging alone, in this process and every other. Throws when another running copy holds
    /// the claim (the same drive copied twice at once into this target).
    func claimStaging(copyPrefix: String) throws(TargetError) -> any StagingClaim

    /// Removes what copies that no longer run left staged (a failed or abandoned import, a
    /// journal thrown away): the staged blobs whose ids start with `prefix` (all, when empty),
    /// whose copy no one claims, and whose bytes were last written at least `idleFor` ago.
    func reclaimStaging(prefix: String, idleFor: Duration) throws(TargetError) -> StagingReclaim
}

/// A running copy's claim on its staging (``StorageTarget/claimStaging(copyPrefix:)``).
public protocol StagingClaim: AnyObject, Sendable {
    func release()
}

/// What ``StorageTarget/reclaimStaging(prefix:idleFor:)`` removed.
public struct StagingReclaim: Sendable, Hashable {
    public var entries: Int
    public var bytes: UInt64

    public init(entries: Int = 0, bytes: UInt64 = 0) {
        self.entries = entries
        self.bytes = bytes
    }
}
