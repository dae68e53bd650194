import IEDriveCore

/// Where a verified piece goes: nowhere (verify: hashing is the check), or its blob's staging
/// file (the copy).
enum PieceDestination: Sendable {
    case hashOnly
    case staging(any StagedBlob)
}

/// How one piece ended: checked (and written), its MD5 differs from the manifest's, or the
/// drive or the target failed under it.
enum PieceOutcome: Sendable {
    case done
    case corrupted(MD5Digest)
    case writeFailed(Int32)
    case readFailed(Int32, at: UInt64)
    case timedOut(seconds: Double)
    case targetFailed(TargetError)

    init(_ write: StagedWriteResult) {
        switch write {
        case .written: self = .done
        case .failed(let error): self = .writeFailed(error)
        case .notOpened(let error): self = .targetFailed(error)
        }
    }

    var isTimeout: Bool {
        if case .timedOut = self { true } else { false }
    }

    /// Checks `bytes` against the piece's MD5 and, when they match, hands them on.
    static func check(_ bytes: PieceBytes, of piece: DataPiece, into destination: PieceDestination) async -> PieceOutcome {
        let actual = MD5.digest(bytes)
        guard actual == piece.md5 else { return .corrupted(actual) }
        switch destination {
        case .hashOnly: return .done
        case .staging(let writer): return PieceOutcome(await writer.write(bytes, at: piece.offset, md5: piece.md5))
        }
    }
}
