import IEDriveCore

/// One blob being verified: its outstanding requests and hashes, and what they found.
final class BlobProgress {
    let blob: ManifestBlob
    var pieceStatus: [PieceStatus?]
    var outstandingRequests = 0
    var outstandingHashes = 0
    var fatal: BlobStatus?
    var message: String?
    var metadata: LoggedAttachment?
    var properties: LoggedAttachment?
    var logPieces: Bool

    init(_ blob: ManifestBlob, logPieces: Bool) {
        self.blob = blob
        self.pieceStatus = Array(repeating: nil, count: blob.pieces.count)
        self.logPieces = logPieces
    }

    var isFinished: Bool { outstandingRequests == 0 && outstandingHashes == 0 }

    func setStatus(_ status: PieceStatus, for piece: DataPiece) {
        // Pieces are sorted by offset and unique: find by binary search.
        var low = 0, high = blob.pieces.count
        while low < high {
            let middle = (low + high) / 2
            if blob.pieces[middle].offset < piece.offset { low = middle + 1 } else { high = middle }
        }
        if low < blob.pieces.count { pieceStatus[low] = status }
    }

    func fail(_ status: BlobStatus, _ message: String) {
        if fatal == nil {
            fatal = status
            self.message = message
        }
    }

    func note(_ message: String) {
        if self.message == nil { self.message = message }
    }

    var check: BlobCheck {
        let statuses = pieceStatus.map { $0 ?? .completed }
        let status = StatusRollUp.blobStatus(fatal: fatal, pieces: logPieces ? statuses : [],
                                             metadata: metadata?.status, properties: properties?.status)
        let pieces = logPieces && fatal == nil
            ? zip(blob.pieces, statuses).map { LoggedPiece($0.0, status: $0.1) }
            : []
        return BlobCheck(blob: blob, status: status, pieces: pieces, metadata: metadata, properties: properties,
                         message: status == .completed ? nil : message)
    }
}
