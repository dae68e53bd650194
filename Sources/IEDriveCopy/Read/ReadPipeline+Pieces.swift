import IEDriveCore
import IEDriveSystem

/// The pieces in flight: hashed (and written) in tasks when they came through the reader, on
/// lanes when read from the device; settled oldest first.
extension ReadPipeline {
    /// A piece whose bytes came through the reader: hashed and handed on in a task.
    func startPiece(_ piece: DataPiece, _ bytes: PieceBytes, of read: BlobRead, into destination: PieceDestination) async throws {
        try checkStop()
        while piecesInFlight(small: false) >= limits.piecesInFlight { try await settleOldestPiece() }
        read.outstandingPieces += 1
        let task = Task<PieceOutcome, Never> { await PieceOutcome.check(bytes, of: piece, into: destination) }
        pieceTasks.append((read, piece, nil, task))
    }

    /// A mapped piece: read from the device, hashed and handed on, on a lane of its own.
    func startMappedPiece(_ work: DirectPiece, of read: BlobRead) async throws {
        try checkStop()
        let small = PieceLane.isSmall(work.piece.length)
        while piecesInFlight(small: small) >= (small ? limits.smallPiecesInFlight : limits.piecesInFlight) {
            try await settleOldestPiece()
        }
        let lane = takeLane(small: small)
        read.outstandingPieces += 1
        let timeout = work.device.readTimeoutSeconds
        let task = Task<PieceOutcome, Never> { await lane.run(timeout: timeout) { work.perform(in: $0) } ?? .timedOut(seconds: timeout) }
        pieceTasks.append((read, work.piece, lane, task))
    }

    /// Waits for every piece in flight.
    func settleAllPieces() async throws {
        while !pieceTasks.isEmpty { try await settleOldestPiece() }
    }

    /// Pieces being hashed and written: those of small lanes, or the others (large lanes and
    /// pieces that came through the reader, which share ``Limits/piecesInFlight``).
    func piecesInFlight(small: Bool) -> Int {
        pieceTasks.count { ($0.lane?.isSmall ?? false) == small }
    }

    func settleOldestPiece() async throws {
        let (read, piece, lane, task) = pieceTasks.removeFirst()
        let outcome = await task.value
        if let lane, !outcome.isTimeout { freeLanes.append(lane) }   // a hung lane is left to its read
        read.outstandingPieces -= 1
        switch outcome {
        case .done:
            countHashed(piece)
            read.markDone(piece)
            consumer.pieceDone(piece, of: read, direct: lane != nil)
        case .corrupted(let actual):
            countHashed(piece)
            read.pieceStatus[piece.offset] = .corrupted
            read.note("block at offset \(piece.offset) has MD5 \(actual), the manifest says \(piece.md5)")
        case .writeFailed, .targetFailed:
            throw consumer.writeFailure(outcome, of: read)
        case .timedOut(let seconds):
            throw DriveFailure(ReaderFailure(.readerTimedOut, "A read of the drive did not finish within \(Int(seconds)) seconds (a hung or failing drive).",
                                             path: read.volumePath))
        case .readFailed(let error, let offset):
            throw DriveFailure(ReaderFailure(.deviceReadError, "Reading the drive at byte \(offset) failed (\(Errno(rawValue: error)), errno \(error)).",
                                             path: read.volumePath, errno: error))
        }
    }

    /// After a failure: waits for the pieces still in flight and returns those that were
    /// written (verified before being written: once synced they are as durable as settled ones).
    func writtenPiecesInFlight() async -> [(read: BlobRead, piece: DataPiece)] {
        var written: [(read: BlobRead, piece: DataPiece)] = []
        for entry in pieceTasks {
            if case .done = await entry.task.value { written.append((entry.read, entry.piece)) }
        }
        pieceTasks.removeAll()
        return written
    }

    private func takeLane(small: Bool) -> PieceLane {
        if let index = freeLanes.lastIndex(where: { $0.isSmall == small }) { return freeLanes.remove(at: index) }
        laneCount += 1
        return PieceLane(index: laneCount, small: small)
    }
}
