public import IEDriveCore

/// Knobs of the copy engine, with defaults that keep the process under 64 MiB whatever the
/// file sizes: at most `piecesInFlight` pieces of up to 4 MiB and `smallPiecesInFlight` of up
/// to 256 KiB between the drive and the target at any time (6 × 4 MiB + 24 × 256 KiB).
public struct CopyOptions: Sendable {
    /// Pieces held at once while hashing and writing (each at most 4 MiB).
    public var piecesInFlight: Int
    /// Pieces of at most 256 KiB (small files) read from the drive at once, besides those:
    /// each holds up to 256 KiB, and it takes many to keep the disk busy with small files.
    public var smallPiecesInFlight: Int
    /// Read requests sent to the reader ahead of the one being consumed.
    public var requestsAhead: Int
    /// A group commit (one syncfs, one journal transaction, one publish batch) after this
    /// many bytes, blobs or seconds, whichever comes first.
    public var commitBytes: UInt64
    public var commitBlobs: Int
    public var commitSeconds: Double
    /// Replaces every blob's ImportDisposition when set (`iedrive import --disposition`).
    public var dispositionOverride: ImportDisposition?
    /// Record every blob's pieces for the verbose log (the error log needs only failures).
    public var logPieces: Bool
    /// Asked before each piece is started: true stops the copy there (the daemon shutting
    /// down). The pieces in flight settle, what was copied is made durable and journaled, and
    /// the copy throws ``CopyStopped``; a later run resumes from the journal. (Killing the
    /// reader alone would not stop a mapped copy, which reads the drive itself.)
    public var stopRequested: @Sendable () -> Bool

    public init(piecesInFlight: Int = 6, smallPiecesInFlight: Int = 24, requestsAhead: Int = 32, commitBytes: UInt64 = 256 << 20,
                commitBlobs: Int = 1000, commitSeconds: Double = 5, dispositionOverride: ImportDisposition? = nil,
                logPieces: Bool = false, stopRequested: @escaping @Sendable () -> Bool = { false }) {
        self.piecesInFlight = max(1, piecesInFlight)
        self.smallPiecesInFlight = max(1, smallPiecesInFlight)
        self.requestsAhead = max(1, requestsAhead)
        self.commitBytes = commitBytes
        self.commitBlobs = max(1, commitBlobs)
        self.commitSeconds = commitSeconds
        self.dispositionOverride = dispositionOverride
        self.logPieces = logPieces
        self.stopRequested = stopRequested
    }
}

/// A copy stopped on request (``CopyOptions/stopRequested``): not a failure of the drive.
public struct CopyStopped: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the copy was stopped; what was copied is journaled and a later run resumes from it" }
}

/// How a copy ended (when it was not stopped by a drive or target failure).
public struct CopySummary: Sendable, Hashable {
    public var driveStatus: DriveStatus
    public var blobCount: Int
    public var blobsCompleted: Int
    public var blobsWithErrors: Int
    /// Blobs finished by an earlier, interrupted run.
    public var blobsResumed: Int
    /// Bytes copied in this run, and bytes not read again because an earlier run had them.
    public var bytesCopied: UInt64
    public var bytesResumed: UInt64
    /// Of `bytesCopied`, the bytes read straight from the drive (mapped files of a plain
    /// volume); the rest came through the reader process.
    public var bytesReadDirectly: UInt64 = 0
    /// The bytes of every block and page range (a page blob's holes are not read, so not
    /// counted): after a clean copy, `bytesCopied + bytesResumed == totalBytes`.
    public var totalBytes: UInt64
}
