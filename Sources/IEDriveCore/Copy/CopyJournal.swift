/// Where a drive's copy stands, piece by piece, so that a copy interrupted at any moment
/// (crash, kill -9, power) continues without reading a verified piece twice and without
/// publishing anything incomplete. Implemented on SQLite by IEDriveStore.
///
/// Blobs are identified by their position in the manifest (``ManifestBlob/index``) within a
/// copy identified by ``CopyKey``; a piece by its offset in the blob.
public protocol CopyJournal: AnyObject, Sendable {
    /// Starts or resumes the copy of `key`. A journal of another manifest for the same key
    /// (the manifest changed) is an error: the caller must start over explicitly.
    func begin(_ key: CopyKey) throws -> CopyResumeState
    /// Records pieces as verified and durable (their bytes synced in the staging file).
    func recordDurable(_ pieces: [JournaledPiece]) throws
    /// Records blobs as finished: published (with the final name) or failed (with its status).
    func recordFinished(_ blobs: [FinishedBlob]) throws
    /// Marks the whole copy complete.
    func complete(_ key: CopyKey, status: DriveStatus) throws
    /// Drops what the journal holds of the copy of `key.driveID` to `key.target`, under any
    /// manifest: the next `begin` starts afresh (after a manifest change). Blobs the earlier
    /// copy published stay in the target.
    func forget(_ key: CopyKey) throws
}

/// One drive's copy: the drive, and the manifest it follows (by hash, so a changed manifest
/// is never resumed against an old journal).
public struct CopyKey: Sendable, Hashable {
    public var driveID: String
    public var manifestMD5: MD5Digest
    public var target: String

    public init(driveID: String, manifestMD5: MD5Digest, target: String) {
        self.driveID = driveID
        self.manifestMD5 = manifestMD5
        self.target = target
    }
}

public struct JournaledPiece: Sendable, Hashable {
    public var blobIndex: Int
    public var offset: UInt64
    public var length: UInt32

    public init(blobIndex: Int, offset: UInt64, length: UInt32) {
        self.blobIndex = blobIndex
        self.offset = offset
        self.length = length
    }
}

public struct FinishedBlob: Sendable, Hashable {
    public var blobIndex: Int
    public var status: BlobStatus
    public var finalPath: String?
    public var disposition: DispositionStatus?

    public init(blobIndex: Int, status: BlobStatus, finalPath: String?, disposition: DispositionStatus?) {
        self.blobIndex = blobIndex
        self.status = status
        self.finalPath = finalPath
        self.disposition = disposition
    }
}

/// What an earlier, interrupted run of the same copy achieved.
public struct CopyResumeState: Sendable {
    /// Verified, durable piece offsets per blob index.
    public var durablePieces: [Int: Set<UInt64>]
    /// Finished blobs by index.
    public var finished: [Int: FinishedBlob]
    /// Whether the copy had completed (then nothing is left to do).
    public var completedStatus: DriveStatus?
    /// Made when the copy began and kept with it: unique to this copy of this drive (another
    /// journal, or the same drive copied again after `forget`, gets another). Staged blob ids
    /// derive from it, so a blob that an earlier copy of the same drive published is never
    /// taken for one this copy published before a crash.
    public var copyToken: String

    public init(durablePieces: [Int: Set<UInt64>] = [:], finished: [Int: FinishedBlob] = [:],
                completedStatus: DriveStatus? = nil, copyToken: String = "") {
        self.durablePieces = durablePieces
        self.finished = finished
        self.completedStatus = completedStatus
        self.copyToken = copyToken
    }

}
