import IEDriveCore

/// What a read pipeline's user does with what comes out of it: the copy counts, journals and
/// commits; verify counts and reports.
protocol ReadPipelineConsumer: AnyObject {
    /// A piece matched its MD5 (and, copying, was written).
    func pieceDone(_ piece: DataPiece, of read: BlobRead, direct: Bool)
    /// A piece's write failed: the error that stops the drive.
    func writeFailure(_ outcome: PieceOutcome, of read: BlobRead) -> any Error
    /// After each answer taken, and each frame of a long read: the time to report finished
    /// blobs, commit and show progress.
    func advanced() async throws
}

/// The one read pipeline, serving verify (hash only) and the copy (hash and write): requests
/// to the volume sent ahead (``Limits/requestsAhead``), their answers taken in order, bytes
/// cut into the manifest's blocks and page ranges, each piece hashed — and written when it has
/// a destination — with at most ``Limits/piecesInFlight`` pieces between the drive and the
/// target. A reader failure of one file fails its blob (``ReaderFailure/blobStatus()``); any other stops the
/// drive with a ``DriveFailure``.
///
/// A plain volume whose device is at hand (``VolumeReader/plainDevice``) is read mapped: a
/// `map` request says where the file's bytes lie, and each piece is read from the device on a
/// ``PieceLane`` of its own (``DirectPiece``). Everything else comes through the reader.
///
/// The pipeline's user calls ``stat(_:)``, ``read(_:pieces:into:)`` and
/// ``attachments(of:)`` blob after blob, ``drainRequests()`` before reading anything else from
/// the volume (answers come in order), and ``settleAllPieces()`` at the end.
final class ReadPipeline {
    struct Limits: Sendable {
        var requestsAhead: Int
        var piecesInFlight: Int
        var smallPiecesInFlight: Int
        var stopRequested: @Sendable () -> Bool
    }

    /// A request whose answer is still to be taken.
    private struct Request {
        enum Work {
            case stat
            /// The bytes of a run of pieces.
            case read(PieceRun, PieceDestination)
            /// Where the file's bytes are, for these pieces.
            case map([DataPiece], PieceDestination)
            /// A metadata or properties file.
            case attachment(FileReference, isMetadata: Bool)
        }

        var id: UInt32
        var read: BlobRead
        var work: Work
    }

    let volume: any VolumeReader
    /// The drive, when its volume is plain: mapped files are read from it directly.
    let device: (any DeviceBytes)?
    let limits: Limits
    let parseAttachment: AttachmentParser
    unowned let consumer: any ReadPipelineConsumer

    private var inFlight: [Request] = []
    var pieceTasks: [(read: BlobRead, piece: DataPiece, lane: PieceLane?, task: Task<PieceOutcome, Never>)] = []
    var freeLanes: [PieceLane] = []
    var laneCount = 0
    var attachmentCache: [String: AttachmentEntry] = [:]
    /// Piece bytes hashed, whatever the verdict.
    private(set) var bytesHashed: UInt64 = 0

    /// Checks an attachment's bytes against its reference's MD5 and parses them.
    typealias AttachmentParser = @Sendable (_ bytes: [UInt8], FileReference, _ isMetadata: Bool) -> LoadedAttachment

    init(volume: any VolumeReader, limits: Limits, readMapped: Bool = true,
         parseAttachment: @escaping AttachmentParser, consumer: any ReadPipelineConsumer) {
        self.volume = volume
        device = readMapped ? volume.plainDevice : nil
        self.limits = limits
        self.parseAttachment = parseAttachment
        self.consumer = consumer
    }

    /// Whether files are read from the drive directly (a plain volume, its device at hand).
    var readsMapped: Bool { device != nil }

    // MARK: Sending

    /// Checks that the blob's file exists and is long enough (verify without hashing).
    func stat(_ read: BlobRead) async throws {
        try await send(.stat(path: read.volumePath), Request.Work.stat, for: read)
    }

    /// Reads `pieces` of the blob's file — mapped when the volume allows, else through the
    /// reader, a request per run of adjacent pieces — each checked and sent to `destination`.
    /// With no pieces to read (an empty file, or every piece copied before) the file is still
    /// looked up, as verify does: both commands find the same damage on the same drive.
    func read(_ read: BlobRead, pieces: [DataPiece], into destination: PieceDestination) async throws {
        guard !pieces.isEmpty else { return try await stat(read) }
        if device != nil {
            try await send(.map(path: read.volumePath), .map(pieces, destination), for: read)
        } else {
            for run in PieceRun.runs(of: pieces) {
                try await send(.read(ReadRange(path: read.volumePath, offset: run.offset, length: run.length)),
                               .read(run, destination), for: read)
            }
        }
    }

    /// Takes the answers of every request in flight.
    func drainRequests() async throws {
        while !inFlight.isEmpty { try await consumeOldest() }
    }

    func sendAttachmentRead(_ reference: FileReference, path: String, isMetadata: Bool, for read: BlobRead) async throws {
        try await send(.read(ReadRange(path: path, length: Self.attachmentLimit)),
                       .attachment(reference, isMetadata: isMetadata), for: read)
    }

    private func send(_ request: ReaderRequest, _ work: Request.Work, for read: BlobRead) async throws {
        while inFlight.count >= limits.requestsAhead { try await consumeOldest() }
        enqueue(request, work, for: read)
    }

    /// Sends without waiting for room (a map answered unmappable becomes reads of its runs).
    private func enqueue(_ request: ReaderRequest, _ work: Request.Work, for read: BlobRead) {
        read.outstandingRequests += 1
        inFlight.append(Request(id: volume.send(request), read: read, work: work))
    }

    // MARK: Taking answers

    private func consumeOldest() async throws {
        let request = inFlight.removeFirst()
        let read = request.read
        switch request.work {
        case .stat:
            do {
                read.check(try await volume.takeEntry(for: request.id))
            } catch let failure as ReaderFailure {
                try read.failReading(failure)
            }
        case .read(let run, let destination):
            try await consumeRead(id: request.id, read: read, run: run, destination: destination)
        case .map(let pieces, let destination):
            try await consumeMap(id: request.id, read: read, pieces: pieces, destination: destination)
        case .attachment(let reference, let isMetadata):
            try await consumeAttachment(id: request.id, reference, isMetadata: isMetadata, for: read)
        }
        read.outstandingRequests -= 1
        try await consumer.advanced()
    }

    private func consumeRead(id: UInt32, read: BlobRead, run: PieceRun, destination: PieceDestination) async throws {
        var assembler = PieceAssembler(run)
        do {
            reading: while true {
                switch try await volume.nextData(for: id) {
                case .data(let bytes):
                    for (piece, whole) in assembler.append(bytes) { try await startPiece(piece, whole, of: read, into: destination) }
                    // A block blob is one request however large its file: commits and progress
                    // are due inside it too, or a kill would lose the whole file so far.
                    try await consumer.advanced()
                case .end(let end):
                    if !assembler.remaining.isEmpty { read.fileEnded(at: end.fileSize, before: assembler.remaining) }
                    break reading
                }
            }
        } catch let failure as ReaderFailure {
            try read.failReading(failure)
        }
    }

    /// A mapped file's pieces go to lanes that read them from the device; an unmappable one
    /// is read through the reader after all.
    private func consumeMap(id: UInt32, read: BlobRead, pieces: [DataPiece], destination: PieceDestination) async throws {
        let extents: FileExtents
        do {
            extents = try await volume.takeExtents(for: id)
        } catch let failure as ReaderFailure {
            return try read.failReading(failure)
        }
        guard case .mapped(let mapped) = extents.mapping, let device else {
            for run in PieceRun.runs(of: pieces) {
                enqueue(.read(ReadRange(path: read.volumePath, offset: run.offset, length: run.length)),
                        .read(run, destination), for: read)
            }
            return
        }
        if let outside = mapped.first(where: { extent in extent.deviceOffset.map { $0 + extent.length > device.size } ?? false }) {
            throw DriveFailure(ReaderFailure(.ntfsCorrupt, "The NTFS places bytes of \(read.blob.filePathText) past the end of the drive (file offset \(outside.fileOffset)).",
                                             path: read.volumePath))
        }
        let present = pieces.prefix { $0.end <= extents.fileSize }
        if present.count < pieces.count { read.fileEnded(at: extents.fileSize, before: pieces[present.count...]) }
        for piece in present {
            let work = DirectPiece(piece: piece, segments: extents.segments(offset: piece.offset, length: UInt64(piece.length)),
                                   device: device, destination: destination)
            try await startMappedPiece(work, of: read)
            try await consumer.advanced()
        }
    }

    func checkStop() throws {
        if limits.stopRequested() { throw CopyStopped() }
    }

    func countHashed(_ piece: DataPiece) {
        bytesHashed += UInt64(piece.length)
    }
}
