public import IEDriveCore

/// What verifying one blob found, as the drive log records it.
public struct BlobCheck: Sendable, Hashable {
    public var blob: ManifestBlob
    public var status: BlobStatus
    public var pieces: [LoggedPiece]
    public var metadata: LoggedAttachment?
    public var properties: LoggedAttachment?
    /// Why it is not `Completed`, for people.
    public var message: String?

    /// The drive-log form.
    public var logged: DriveLogBlob {
        DriveLogBlob(status: status, blobPath: blob.blobPathText, filePath: blob.filePathText, length: blob.length,
                     pieces: pieces.isEmpty ? nil : LoggedPieces(type: blob.type, items: pieces),
                     metadata: metadata, properties: properties)
    }
}
