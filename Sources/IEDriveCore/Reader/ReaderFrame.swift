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
        case map = 0x07
        // reader → parent
        case ready = 0x81
        case opened = 0x82
        case entries = 0x83
        case entry = 0x84
        case data = 0x85
        case end = 0x86
        case failure = 0x87
        case extents = 0x88
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
/// out with ``next()``. Each byte is copied once, straight into its frame's payload (a 1 MiB
/// data frame is not staged in a second buffer), and only the partial frame is held beyond
/// the frames ready to take.
public struct ReaderFrameDecoder: Sendable {
    private var header: [UInt8] = []
    private var current: (kind: ReaderFrame.Kind, requestID: UInt32, length: Int)?
    private var payload: [UInt8] = []
    private var ready: [ReaderFrame] = []
    private var readyIndex = 0
    private var error: ReaderFrameError?

    public init() {}

    /// Bytes received for the frame not yet complete.
    public var pendingByteCount: Int { header.count + payload.count }

    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBytes { feed($0) }
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        var position = 0
        while position < bytes.count, error == nil {
            if let frame = current {
                let take = min(frame.length - payload.count, bytes.count - position)
                payload.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + take]))
                position += take
                if payload.count == frame.length { completeFrame() }
            } else {
                let take = min(ReaderFrame.headerSize - header.count, bytes.count - position)
                header.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + take]))
                position += take
                if header.count == ReaderFrame.headerSize { startFrame() }
            }
        }
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func next() throws(ReaderFrameError) -> ReaderFrame? {
        if readyIndex < ready.count {
            let frame = ready[readyIndex]
            readyIndex += 1
            if readyIndex == ready.count {
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
            }
            return frame
        }
        if let error { throw error }
        return nil
    }

    private mutating func startFrame() {
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        let requestID = UInt32(header[8]) | UInt32(header[9]) << 8 | UInt32(header[10]) << 16 | UInt32(header[11]) << 24
        guard header[5] == 0, header[6] == 0, header[7] == 0 else {
            error = ReaderFrameError("reserved header bytes are not zero")
            return
        }
        guard let kind = ReaderFrame.Kind(rawValue: header[4]) else {
            error = ReaderFrameError("unknown frame kind 0x\(String(header[4], radix: 16))")
            return
        }
        guard length <= ReaderFrame.maximumPayload else {
            error = ReaderFrameError("frame of \(length) bytes exceeds \(ReaderFrame.maximumPayload)")
            return
        }
        header.removeAll(keepingCapacity: true)
        current = (kind, requestID, length)
        payload = []
        payload.reserveCapacity(length)
        if length == 0 { completeFrame() }
    }

    private mutating func completeFrame() {
        guard let frame = current else { return }
        ready.append(ReaderFrame(frame.kind, requestID: frame.requestID, payload: payload))
        payload = []
        current = nil
    }
}
