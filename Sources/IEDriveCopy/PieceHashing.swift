public import IEDriveCore

/// Hashes completed pieces on the cooperative pool while the next ones arrive, at most
/// `limit` at a time (each holds up to 4 MiB), and returns each piece's verdict in the order
/// the pieces were submitted. With two cores, two pieces hash at once while a third fills.
public struct PieceHashing {
    public struct Verdict: Sendable, Hashable {
        public var piece: DataPiece
        public var actual: MD5Digest
        public var matches: Bool { actual == piece.md5 }
    }

    private var pending: [Task<Verdict, Never>] = []
    private let limit: Int

    public init(limit: Int = 3) {
        self.limit = max(1, limit)
    }

    /// Starts hashing `bytes`; when `limit` hashes are running, first waits for the oldest
    /// and hands its verdict to `done`.
    public mutating func submit(_ piece: DataPiece, _ bytes: PieceBytes, done: (Verdict) throws -> Void) async throws {
        if pending.count >= limit {
            try done(await pending.removeFirst().value)
        }
        pending.append(Task { Verdict(piece: piece, actual: MD5.digest(bytes)) })
    }

    /// Waits for every running hash.
    public mutating func drain(done: (Verdict) throws -> Void) async throws {
        while !pending.isEmpty {
            try done(await pending.removeFirst().value)
        }
    }
}
