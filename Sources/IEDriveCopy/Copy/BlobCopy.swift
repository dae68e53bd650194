import IEDriveCore

/// One blob on its way from the drive to the target: what the read pipeline found
/// (``BlobRead``), and where it goes.
final class BlobCopy {
    let read: BlobRead
    /// nil for a blob that could not be named (its problem is its status).
    let path: BlobPath?
    let disposition: ImportDisposition
    let staged: StagedBlobID
    var writer: (any StagedBlob)?
    /// `no-overwrite` and the blob exists: nothing is read or written.
    var skipped = false
    /// Published by an earlier run that stopped before journaling it: nothing is read or
    /// published, the recorded outcome stands.
    var publishedEarlier: PublishOutcome?

    init(blob: ManifestBlob, path: BlobPath?, disposition: ImportDisposition, staged: StagedBlobID) {
        read = BlobRead(blob)
        self.path = path
        self.disposition = disposition
        self.staged = staged
    }

    var blob: ManifestBlob { read.blob }
    var isSettled: Bool { read.isSettled }

    /// Whether every piece arrived intact: only such a blob is published.
    var isIntact: Bool { path != nil && read.isIntact }

    /// The request that publishes it.
    var publishRequest: PublishRequest? {
        guard let path else { return nil }
        var properties = read.properties
        if properties.contentMD5 == nil { properties.contentMD5 = wholeMD5 }
        return PublishRequest(staged: staged, path: path, type: blob.type, length: blob.length, disposition: disposition,
                              properties: properties, metadata: read.metadata)
    }

    /// The blob's MD5 when the manifest gives it without more reading: a block blob in one
    /// piece (its piece's MD5, verified), or an empty one. A blob of several blocks has none,
    /// as a blob committed from blocks has none in Azure unless its properties set one.
    var wholeMD5: MD5Digest? {
        guard blob.type == .block else { return nil }
        if blob.length == 0 { return MD5Digest(base16: "d41d8cd98f00b204e9800998ecf8427e") }
        guard blob.pieces.count == 1, let piece = blob.pieces.first, piece.offset == 0, UInt64(piece.length) == blob.length else {
            return nil
        }
        return piece.md5
    }

    func logged(status: BlobStatus, finalPath: String?, dispositionStatus: DispositionStatus?, withPieces: Bool) -> DriveLogBlob {
        let pieces: LoggedPieces?
        if withPieces || read.pieceStatus.values.contains(where: { $0 != .completed }) {
            let items = blob.pieces.map { LoggedPiece($0, status: read.pieceStatus[$0.offset] ?? .completed) }
            pieces = items.isEmpty ? nil : LoggedPieces(type: blob.type, items: withPieces ? items : items.filter { $0.status != .completed })
        } else {
            pieces = nil
        }
        return DriveLogBlob(status: status, blobPath: finalPath ?? blob.blobPathText, filePath: blob.filePathText,
                            length: blob.length,
                            disposition: dispositionStatus.map { LoggedDisposition(requested: disposition, status: $0) },
                            pieces: pieces, metadata: read.loggedMetadata, properties: read.loggedProperties)
    }
}
