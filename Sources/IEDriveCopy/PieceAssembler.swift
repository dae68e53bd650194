public import IEDriveCore

/// Cuts the bytes of a run, arriving in pieces of any size and in order, into the run's
/// blocks or page ranges. Each completed piece comes out whole (at most 4 MiB) for hashing
/// and writing; memory held is at most one piece.
public struct PieceAssembler: Sendable {
    private var pending: ArraySlice<DataPiece>
    private var buffer: [UInt8] = []

    public init(_ run: PieceRun) {
        pending = run.pieces
        if let first = pending.first { buffer.reserveCapacity(Int(first.length)) }
    }

    /// Pieces not completed yet (when the data ended early: those the file could not supply).
    public var remaining: ArraySlice<DataPiece> { pending }
    /// Bytes of the first remaining piece already received.
    public var partialByteCount: Int { buffer.count }

    /// Adds bytes; returns the pieces they complete, in order, each with its bytes.
    public mutating func append(_ bytes: [UInt8]) -> [(piece: DataPiece, bytes: [UInt8])] {
        var completed: [(piece: DataPiece, bytes: [UInt8])] = []
        var rest = bytes[...]
        while !rest.isEmpty, let piece = pending.first {
            let wanted = Int(piece.length) - buffer.count
            let chunk = rest.prefix(wanted)
            rest = rest.dropFirst(chunk.count)
            guard chunk.count == wanted else {
                buffer.append(contentsOf: chunk)
                break
            }
            if buffer.isEmpty {
                completed.append((piece, Array(chunk)))   // arrived in one go: no staging copy
            } else {
                buffer.append(contentsOf: chunk)
                completed.append((piece, buffer))
                buffer = []
            }
            pending = pending.dropFirst()
        }
        return completed
    }
}
