public import IEDriveCore

/// Cuts the bytes of a run, arriving in pieces of any size and in order, into the run's
/// blocks or page ranges. Each completed piece comes out whole (at most 4 MiB) for hashing
/// and writing; memory held is at most one piece.
public struct PieceAssembler: Sendable {
    private var pending: ArraySlice<DataPiece>
    private var partial = PieceBytes()

    public init(_ run: PieceRun) {
        pending = run.pieces
    }

    /// Pieces not completed yet (when the data ended early: those the file could not supply).
    public var remaining: ArraySlice<DataPiece> { pending }
    /// Bytes of the first remaining piece already received.
    public var partialByteCount: Int { partial.count }

    /// Adds bytes; returns the pieces they complete, in order, each with its bytes (slices
    /// of the arrays passed in: nothing is copied).
    public mutating func append(_ bytes: [UInt8]) -> [(piece: DataPiece, bytes: PieceBytes)] {
        var completed: [(piece: DataPiece, bytes: PieceBytes)] = []
        var rest = bytes[...]
        while !rest.isEmpty, let piece = pending.first {
            let wanted = Int(piece.length) - partial.count
            let chunk = rest.prefix(wanted)
            rest = rest.dropFirst(chunk.count)
            partial.append(chunk)
            guard partial.count == Int(piece.length) else { break }
            completed.append((piece, partial))
            partial = PieceBytes()
            pending = pending.dropFirst()
        }
        return completed
    }
}
