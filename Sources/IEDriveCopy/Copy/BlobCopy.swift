import IEDriveCore

/// One blob on its way from the drive to the target.
final class BlobCopy {
    let blob: ManifestBlob
    /// nil for a blob that could not be named (its problem is its status).
    let path: BlobPath?
    let disposition: ImportDisposition
    let staged: StagedBlobID
    var writer: StagedWriter?
    /// `no-overwrite` and the blob exists: nothing is read or written.
    var skipped = false
    /// Published by an earlier run that stopped before journaling it: nothing is read or
    /// published, the recorded outcome stands.
    var publishedEarlier: PublishOutcome?
    var outstandingRequests = 0
    var outstandingPieces = 0
    var pieceStatus: [UInt64: PieceStatus] = [:]
    var fatal: BlobStatus?
    var message: String?
    var metadata = BlobMetadata()
    var properties = BlobProperties()
    var loggedMetadata: LoggedAttachment?
    var loggedProperties: LoggedAttachment?
    /// Blob bytes verified and written, this run and before.
    var bytesDone: UInt64 = 0

    init(blob: ManifestBlob, path: BlobPath?, disposition: ImportDisposition, staged: StagedBlobID) {
        self.blob = blob
        self.path = path
        self.disposition = disposition
        self.staged = staged
    }

    /// The file's path on the volume, as the reader takes it.
    var volumePath: String { "/" + (blob.filePath?.relativePOSIXPath ?? "") }

    var isSettled: Bool { outstandingRequests == 0 && outstandingPieces == 0 }

    /// Whether every piece arrived intact: only such a blob is published.
    var isIntact: Bool {
        path != nil && fatal == nil && !pieceStatus.values.contains { $0 != .completed }
    }

    func fail(_ status: BlobStatus, _ text: String) {
        if fatal == nil {
            fatal = status
            message = text
        }
    }

    func note(_ text: String) {
        if message == nil { message = text }
    }

    /// The file on the drive ends at `fileSize`, before these pieces of the blob.
    func fileEnded(at fileSize: UInt64, before pieces: some Sequence<DataPiece>) {
        for piece in pieces { pieceStatus[piece.offset] = .fileUnexpectedEnd }
        note("the file ends at byte \(fileSize), before the blob's \(blob.length)")
    }

    /// A reader's answer about this blob's file: a failure of the file alone fails the blob;
    /// a fatal one stops the drive.
    func failReading(_ failure: ReaderFailure) throws {
        guard !failure.isFatal else { throw DriveFailure(failure) }
        fail(failure.kind == .notFound || failure.kind == .wrongKind ? .fileNotFound : .fileAccessDenied,
             "\(blob.filePathText): \(failure.message)")
    }

    func logged(status: BlobStatus, finalPath: String?, dispositionStatus: DispositionStatus?, withPieces: Bool) -> DriveLogBlob {
        let pieces: LoggedPieces?
        if withPieces || pieceStatus.values.contains(where: { $0 != .completed }) {
            let items = blob.pieces.map { LoggedPiece($0, status: pieceStatus[$0.offset] ?? .completed) }
            pieces = items.isEmpty ? nil : LoggedPieces(type: blob.type, items: withPieces ? items : items.filter { $0.status != .completed })
        } else {
            pieces = nil
        }
        return DriveLogBlob(status: status, blobPath: finalPath ?? blob.blobPathText, filePath: blob.filePathText,
                            length: blob.length,
                            disposition: dispositionStatus.map { LoggedDisposition(requested: disposition, status: $0) },
                            pieces: pieces, metadata: loggedMetadata, properties: loggedProperties)
    }
}
