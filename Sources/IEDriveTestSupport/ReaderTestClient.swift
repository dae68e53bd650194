public import IEDriveCore
import Foundation
import IEDriveSystem

/// The parent side of the reader protocol, for tests: sends requests on one descriptor and
/// reads replies from another, with its own frame parsing (an independent check of the
/// layout in ``ReaderFrame``). Every wait for a reply gives up after `timeout` seconds, so a
/// hung reader fails a test instead of hanging it. Does not close the descriptors.
public final class ReaderTestClient {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// What a `read` brought back.
    public struct ReadResult: Sendable {
        public var bytes: [UInt8]
        public var end: ReplyEnd
        /// Data frames received.
        public var pieces: Int
    }

    private let requestFD: Int32
    private let responseFD: Int32
    private let timeout: Int32
    private var nextID: UInt32 = 1
    private var payloadBuffer: UnsafeMutableRawBufferPointer

    public init(requestFD: Int32, responseFD: Int32, timeoutSeconds: Int = 120) {
        self.requestFD = requestFD
        self.responseFD = responseFD
        timeout = Int32(timeoutSeconds * 1000)
        payloadBuffer = .allocate(byteCount: ReaderFrame.maximumPayload, alignment: 16)
    }

    deinit { payloadBuffer.deallocate() }

    // MARK: frames

    /// Sends `request` with the next request id; returns the id.
    @discardableResult
    public func send(_ request: ReaderRequest) throws -> UInt32 {
        let id = nextID
        nextID += 1
        try sendRaw(request.frame(id: id).encoded)
        return id
    }

    /// Sends bytes as they are (malformed frames, for tests of the reader's defences).
    public func sendRaw(_ bytes: [UInt8]) throws {
        do {
            try SystemCall.writeAll(requestFD, bytes, subject: "the request pipe")
        } catch {
            throw Failed("writing a request failed: \(error.errno)")
        }
    }

    /// Closes nothing; sends `shutdown`.
    public func shutdown() throws { try send(.shutdown) }

    /// The next frame's kind, request id and payload (valid until the next call), or nil at
    /// end of stream.
    public func nextFrameHeader() throws -> (kind: ReaderFrame.Kind, id: UInt32, payload: UnsafeRawBufferPointer)? {
        var header = [UInt8](repeating: 0, count: ReaderFrame.headerSize)
        let got = try header.withUnsafeMutableBytes { try readExactly(into: $0) }
        if got == 0 { return nil }
        guard got == header.count else { throw Failed("reply stream ended inside a frame header") }
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        let id = UInt32(header[8]) | UInt32(header[9]) << 8 | UInt32(header[10]) << 16 | UInt32(header[11]) << 24
        guard let kind = ReaderFrame.Kind(rawValue: header[4]) else { throw Failed("unknown reply kind \(header[4])") }
        guard header[5] == 0, header[6] == 0, header[7] == 0 else { throw Failed("reserved header bytes not zero") }
        guard length <= ReaderFrame.maximumPayload else { throw Failed("reply of \(length) bytes") }
        let payload = UnsafeMutableRawBufferPointer(rebasing: payloadBuffer[..<length])
        guard try readExactly(into: payload) == length else { throw Failed("reply stream ended inside a payload") }
        return (kind, id, UnsafeRawBufferPointer(payload))
    }

    /// The next frame, copied; throws at end of stream.
    public func nextFrame() throws -> ReaderFrame {
        guard let (kind, id, payload) = try nextFrameHeader() else { throw Failed("the reader closed its reply pipe") }
        return ReaderFrame(kind, requestID: id, payload: Array(payload))
    }

    /// Whether the reply stream is at its end (the reader exited or returned).
    public func atEndOfStream() throws -> Bool { try nextFrameHeader() == nil }

    // MARK: requests

    public func ready() throws -> ReaderReady {
        let frame = try nextFrame()
        guard frame.kind == .ready, frame.requestID == 0 else { throw Failed("expected ready, got \(frame.kind)") }
        return try ReaderReady(frame: frame)
    }

    public func open(_ opening: VolumeOpening) throws -> Result<VolumeInfo, ReaderFailure> {
        let id = try send(.open(opening))
        let frame = try reply(to: id)
        if frame.kind == .failure { return .failure(try ReaderFailure(frame: frame)) }
        guard frame.kind == .opened else { throw Failed("expected opened, got \(frame.kind)") }
        return .success(try VolumeInfo(frame: frame))
    }

    public func stat(_ path: String) throws -> Result<VolumeEntry, ReaderFailure> {
        let id = try send(.stat(path: path))
        let frame = try reply(to: id)
        if frame.kind == .failure { return .failure(try ReaderFailure(frame: frame)) }
        guard frame.kind == .entry else { throw Failed("expected entry, got \(frame.kind)") }
        return .success(try VolumeEntry(frame: frame))
    }

    public func map(_ path: String) throws -> Result<FileExtents, ReaderFailure> {
        let id = try send(.map(path: path))
        let frame = try reply(to: id)
        if frame.kind == .failure { return .failure(try ReaderFailure(frame: frame)) }
        guard frame.kind == .extents else { throw Failed("expected extents, got \(frame.kind)") }
        return .success(try FileExtents(frame: frame))
    }

    public func list(_ path: String) throws -> Result<[VolumeEntry], ReaderFailure> {
        try entries(for: try send(.list(path: path)))
    }

    public func walk(_ path: String) throws -> Result<[VolumeEntry], ReaderFailure> {
        try entries(for: try send(.walk(path: path)))
    }

    /// Entries frames received by the last ``list(_:)`` or ``walk(_:)``.
    public private(set) var lastEntryFrames = 0

    private func entries(for id: UInt32) throws -> Result<[VolumeEntry], ReaderFailure> {
        var entries: [VolumeEntry] = []
        lastEntryFrames = 0
        while true {
            let frame = try reply(to: id)
            switch frame.kind {
            case .entries:
                entries += try VolumeEntry.batch(frame: frame)
                lastEntryFrames += 1
            case .end:
                let end = try ReplyEnd(frame: frame)
                guard end.count == UInt64(entries.count) else {
                    throw Failed("end says \(end.count) entries, \(entries.count) came")
                }
                return .success(entries)
            case .failure:
                return .failure(try ReaderFailure(frame: frame))
            default:
                throw Failed("unexpected \(frame.kind) in a list/walk answer")
            }
        }
    }

    public func read(_ range: ReadRange) throws -> Result<ReadResult, ReaderFailure> {
        var bytes: [UInt8] = []
        var pieces = 0
        let outcome = try read(range) { piece in
            bytes.append(contentsOf: piece)
            pieces += 1
        }
        return outcome.map { ReadResult(bytes: bytes, end: $0, pieces: pieces) }
    }

    /// A read whose data pieces go to `consume` as they arrive (no copy is kept).
    public func read(_ range: ReadRange, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Result<ReplyEnd, ReaderFailure> {
        let id = try send(.read(range))
        var received: UInt64 = 0
        while true {
            guard let (kind, replyID, payload) = try nextFrameHeader() else { throw Failed("the reader closed its reply pipe") }
            guard replyID == id else { throw Failed("reply for request \(replyID) while waiting for \(id)") }
            switch kind {
            case .data:
                guard payload.count > 0, payload.count <= ReaderFrame.dataPieceSize else {
                    throw Failed("data piece of \(payload.count) bytes")
                }
                received += UInt64(payload.count)
                try consume(payload)
            case .end:
                let end = try ReplyEnd(frame: ReaderFrame(kind, requestID: id, payload: Array(payload)))
                guard end.count == received else { throw Failed("end says \(end.count) bytes, \(received) came") }
                return .success(end)
            case .failure:
                return .failure(try ReaderFailure(frame: ReaderFrame(kind, requestID: id, payload: Array(payload))))
            default:
                throw Failed("unexpected \(kind) in a read answer")
            }
        }
    }

    /// The next frame, which must answer request `id`.
    public func reply(to id: UInt32) throws -> ReaderFrame {
        let frame = try nextFrame()
        guard frame.requestID == id else { throw Failed("reply for request \(frame.requestID) while waiting for \(id)") }
        return frame
    }

    // MARK: raw reading

    /// Fills `buffer` unless the stream ends: the byte count (0: ended before any byte).
    private func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let ready: PollEvents
            do {
                ready = try SystemCall.poll(responseFD, for: .readable, timeoutMilliseconds: timeout, subject: "the reply pipe")
            } catch {
                throw Failed("poll failed: \(error.errno)")
            }
            if ready.isEmpty { throw Failed("no reply within \(timeout / 1000) s") }
            let got: Int
            do {
                got = try SystemCall.read(responseFD, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]),
                                          subject: "the reply pipe")
            } catch {
                throw Failed("reading replies failed: \(error.errno)")
            }
            if got == 0 { break }
            done += got
        }
        return done
    }
}
