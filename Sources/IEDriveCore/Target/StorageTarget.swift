/// Where imported blobs go: the datacenter's side of a storage account, shaped around what
/// every store has. A blob is staged block by block (``stage(_:length:expectsLargeWrites:)``:
/// offset, bytes, the block's MD5), made durable in groups (``syncStaged(_:)``), then published
/// with its type, properties and metadata under a disposition, as a batch (``publish(_:)``);
/// only a published blob is visible to `exists`, `info`, `list` and `read`. A resumed copy asks
/// what is staged or published already (``stagingState(of:)``).
///
/// Durability is a group commit: `syncStaged` and `publish` each cost a constant number of
/// flushes or round trips per batch, never one per blob. Implementations are safe to call
/// from several threads; their calls may block (disk or network) and are made off the
/// Swift concurrency pool's hot paths (the commit queue, the writer queues, the lanes).
public protocol StorageTarget: Sendable {
    /// The address operators read in logs: `file:///srv/iedrive/target`.
    var displayName: String { get }

    /// Checks that the target exists and takes writes (a probe file is created and removed).
    func checkAccess() throws(TargetError)

    /// The staging of a blob being copied, `length` bytes long (a page blob keeps its holes);
    /// the same id finds the same staging again after a crash (resume). Created at its first
    /// write. `expectsLargeWrites`: most writes will be large and page-aligned (mapped reads of
    /// a plain volume), which a target may write around its cache.
    func stage(_ id: StagedBlobID, length: UInt64, expectsLargeWrites: Bool) -> any StagedBlob

    /// Makes the written `pieces` durable and says which are (in the same order): a local
    /// directory flushes its file system once and all are; a store that holds blocks in
    /// memory until a part fills answers for the parts it holds. Pieces not yet durable are
    /// asked about again at a later commit (or become durable by their blob's publish).
    func syncStaged(_ pieces: [StagedPiece]) throws(TargetError) -> [Bool]

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

    /// The bytes of `range` of a published blob (fewer when the range passes its end): for
    /// the Blob endpoint, the drive logs, export and tests. Throws `.io` with ENOENT when
    /// there is no such blob.
    func read(_ path: BlobPath, range: Range<UInt64>) throws(TargetError) -> [UInt8]

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
