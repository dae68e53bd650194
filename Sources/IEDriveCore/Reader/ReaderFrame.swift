/// One frame of the reader protocol, the conversation between iedrive and the unprivileged
/// `iedrive-reader` process that parses a drive (see ``ReaderRequest`` for the exchange).
///
/// Layout, 12 bytes of header then the payload:
///
///     offset 0  UInt32 LE  payload length (at most ``maximumPayload``)
///     offset 4  UInt8      kind (``ReaderFrame/Kind``)
///     offset 5  3 bytes    zero
///     offset 8  UInt32 LE  request id: the parent numbers requests from 1; every reply
///                          carries the id of the request it answers (0: not a reply)
///
/// Control payloads use ``WireWriter``'s encoding; `data` payloads are raw file bytes.
public struct ReaderFrame: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        // parent → reader
        case open = 0x01
        case list = 0x02
        case stat = 0x03
        case read = 0x04
        case walk = 0x05
        case shutdown = 0x06
        // reader → parent
        case ready = 0x81
        case opened = 0x82
        case entries = 0x83
        case entry = 0x84
        case data = 0x85
        case end = 0x86
        case failure = 0x87
    }

    public static let headerSize = 12
    /// The largest payload: a 1 MiB data piece (the size pipes move fastest in) plus room.
    public static let maximumPayload = 1 << 20 + 64 << 10
    /// The size of the data pieces a reader sends.
    public static let dataPieceSize = 1 << 20

    public var kind: Kind
    public var requestID: UInt32
    public var payload: [UInt8]

    public init(_ kind: Kind, requestID: UInt32, payload: [UInt8] = []) {
        self.kind = kind
        self.requestID = requestID
        self.payload = payload
    }

    /// The 12 header bytes for a payload of `length` bytes.
    public static func header(kind: Kind, requestID: UInt32, length: Int) -> [UInt8] {
        precondition(length >= 0 && length <= maximumPayload, "reader frame payload of \(length) bytes")
        var writer = WireWriter()
        writer.u32(UInt32(length))
        writer.u8(kind.rawValue)
        writer.u8(0); writer.u8(0); writer.u8(0)
        writer.u32(requestID)
        return writer.bytes
    }

    /// Header and payload, ready to write.
    public var encoded: [UInt8] {
        Self.header(kind: kind, requestID: requestID, length: payload.count) + payload
    }
}

/// A frame header that cannot start a valid frame: the stream is corrupt or not ours.
public struct ReaderFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "reader protocol error: \(message)" }
}

/// Cuts a byte stream into frames. Feed it what the pipe gave, in any pieces; take frames
/// out with ``next()``. Holds at most one partial frame beyond what was fed.
public struct ReaderFrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Bytes received but not yet returned as frames.
    public var pendingByteCount: Int { buffer.count - start }

    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func next() throws(ReaderFrameError) -> ReaderFrame? {
        let available = buffer.count - start
        guard available >= ReaderFrame.headerSize else { return nil }
        var header = WireReader(Array(buffer[start..<start + ReaderFrame.headerSize]))
        let length: UInt32, kindByte: UInt8, requestID: UInt32
        do {
            length = try header.u32()
            kindByte = try header.u8()
            guard try header.u8() == 0, try header.u8() == 0, try header.u8() == 0 else {
                throw ReaderFrameError("reserved header bytes are not zero")
            }
            requestID = try header.u32()
        } catch let error as ReaderFrameError {
            throw error
        } catch {
            throw ReaderFrameError("short header")
        }
        guard let kind = ReaderFrame.Kind(rawValue: kindByte) else {
            throw ReaderFrameError("unknown frame kind 0x\(String(kindByte, radix: 16))")
        }
        guard Int(length) <= ReaderFrame.maximumPayload else {
            throw ReaderFrameError("frame of \(length) bytes exceeds \(ReaderFrame.maximumPayload)")
        }
        let total = ReaderFrame.headerSize + Int(length)
        guard available >= total else { return nil }
        let payload = Array(buffer[start + ReaderFrame.headerSize..<start + total])
        start += total
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return ReaderFrame(kind, requestID: requestID, payload: payload)
    }
}
