public import IEDriveCore

/// Contiguous pieces of one blob, read from its file in one request. A block blob is one run
/// (its blocks cover the file from 0); a page blob has a run per stretch of adjacent ranges,
/// so the holes between them are never read.
public struct PieceRun: Sendable, Hashable {
    public var offset: UInt64
    public var pieces: ArraySlice<DataPiece>

    public var length: UInt64 { (pieces.last?.end ?? offset) - offset }

    /// The runs of `pieces` (sorted by offset, as a validated manifest holds them).
    public static func runs(of pieces: [DataPiece]) -> [PieceRun] {
        var runs: [PieceRun] = []
        var start = pieces.startIndex
        for index in pieces.indices.dropFirst() where pieces[index].offset != pieces[index - 1].end {
            runs.append(PieceRun(offset: pieces[start].offset, pieces: pieces[start..<index]))
            start = index
        }
        if start < pieces.endIndex {
            runs.append(PieceRun(offset: pieces[start].offset, pieces: pieces[start...]))
        }
        return runs
    }
}
