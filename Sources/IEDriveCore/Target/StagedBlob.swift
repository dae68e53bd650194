/// One blob being staged in a target: its verified blocks go in at their offsets, from the
/// copy engine's writer queue (``write(_:at:md5:)``) or from a lane reading the drive itself
/// (``writeNow(_:at:md5:)``), in any order. Nothing is visible until the target publishes the
/// blob; what is durable is the target's to say (``StorageTarget/syncStaged(_:)``).
///
/// The local directory writes a staging file (an object store would upload parts). The
/// staging is created at the first write, so the many creates of a drive of small files run
/// in parallel on the lanes; a blob no write will reach (an empty one) is created by
/// ``createNow()``. Resources are released when the last holder lets go.
public protocol StagedBlob: AnyObject, Sendable {
    /// Writes `bytes` at `offset`, off the caller's task. `md5`: the block's MD5 when known.
    func write(_ bytes: PieceBytes, at offset: UInt64, md5: MD5Digest?) async -> StagedWriteResult
    /// Writes `bytes` at `offset` on the calling thread (the bytes live only during the call).
    func writeNow(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, md5: MD5Digest?) -> StagedWriteResult
    /// Creates the staging now if no write has (an empty blob).
    func createNow() throws(TargetError)
    /// Says, before the first write, which byte ranges writes will cover (a page blob's page
    /// ranges; the rest are holes, read as zeros). A target that gathers bytes into parts
    /// can then send a part once its ranges have arrived, holes or not.
    func willWrite(_ ranges: [Range<UInt64>])
}

extension StagedBlob {
    public func willWrite(_ ranges: [Range<UInt64>]) {}
}

/// How a staged write ended: done, failed with an errno, or the staging could not be created.
public enum StagedWriteResult: Sendable {
    case written
    case failed(Int32)
    case notOpened(TargetError)
}

/// A block written into a staged blob, as ``StorageTarget/syncStaged(_:)`` is asked about it.
public struct StagedPiece: Sendable, Hashable {
    public var staged: StagedBlobID
    public var offset: UInt64
    public var length: Int

    public init(staged: StagedBlobID, offset: UInt64, length: Int) {
        self.staged = staged
        self.offset = offset
        self.length = length
    }
}
