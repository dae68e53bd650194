import FuzzSupport
import IEDriveCore

// libFuzzer target: the reader wire protocol, as both ends decode it: the frame decoder on a
// byte stream (the parent's reply pipe, the reader's request pipe), then every message decoder
// on every frame (requests in the reader; ready, opened, entry, entries, end, failure and
// extents in the parent).
//
// Properties checked on every input, besides "does not crash, hang or run out of memory":
// * the frames (and the protocol error, if any) are the same whether the stream arrives whole
//   or in pieces of any size, and re-encoding the frames gives a stream that decodes to them;
// * a message that decodes, encoded again and decoded, is the same message;
// * the extents of a mapped file cover exactly the byte range asked for, in order.

struct FrameRun: Equatable {
    var frames: [ReaderFrame] = []
    var error: ReaderFrameError?

    init(_ pieces: [ArraySlice<UInt8>]) {
        var decoder = ReaderFrameDecoder()
        do {
            for piece in pieces {
                piece.withUnsafeBytes { decoder.feed($0) }
                while let frame = try decoder.next() { frames.append(frame) }
            }
        } catch {
            self.error = error
        }
    }
}

/// Decodes `frame` as `decode` would, and checks that encoding what came out gives it back.
func roundTrip<Message: Equatable>(_ frame: ReaderFrame, _ name: String,
                                   decode: (ReaderFrame) throws(WireError) -> Message,
                                   encode: (Message) -> ReaderFrame) -> Message? {
    guard let message = try? decode(frame) else { return nil }
    let again: Message
    do {
        again = try decode(encode(message))
    } catch {
        fuzzFailure("\(name): an encoded message does not decode: \(error)")
    }
    fuzzCheck(again == message, "\(name) changed in a round trip")
    return message
}

func checkSegments(_ extents: FileExtents, seed: UInt64) {
    var generator = SplitMix64(seed: seed)
    let size = extents.fileSize
    let probes: [(UInt64, UInt64)] = [
        (0, size), (0, UInt64.max), (size, 1), (UInt64.max, UInt64.max),
        (size == 0 ? 0 : generator.next() % size, generator.next() % (size / 2 + 2)),
        (generator.next(), generator.next()),
    ]
    for (offset, length) in probes {
        let segments = extents.segments(offset: offset, length: length)
        guard case .mapped = extents.mapping, offset < size else {
            fuzzCheck(segments.isEmpty, "segments of an unmappable file or past its end")
            continue
        }
        var next = offset
        for segment in segments {
            fuzzCheck(segment.fileOffset == next && segment.length > 0, "segments out of order at \(next)")
            next = segment.fileEnd
        }
        fuzzCheck(next == offset + min(length, size - offset), "segments of \(offset)+\(length) end at \(next) in a file of \(size)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, count)
    let whole = FrameRun([bytes[...]])
    let streamed = FrameRun(FuzzInput.pieces(of: bytes))
    fuzzCheck(whole == streamed, "the frames depend on the chunking")
    let reencoded = FrameRun([whole.frames.flatMap(\.encoded)[...]])
    fuzzCheck(reencoded.frames == whole.frames && reencoded.error == nil, "re-encoded frames decode differently")

    for frame in whole.frames {
        let id = frame.requestID
        _ = roundTrip(frame, "a request", decode: { (frame) throws(WireError) in try ReaderRequest(frame: frame) },
                      encode: { $0.frame(id: id) })
        _ = roundTrip(frame, "ready", decode: { (frame) throws(WireError) in try ReaderReady(frame: frame) }, encode: \.frame)
        _ = roundTrip(frame, "opened", decode: { (frame) throws(WireError) in try VolumeInfo(frame: frame) },
                      encode: { $0.frame(id: id) })
        _ = roundTrip(frame, "an entry", decode: { (frame) throws(WireError) in try VolumeEntry(frame: frame) },
                      encode: { $0.frame(id: id) })
        _ = roundTrip(frame, "entries", decode: { (frame) throws(WireError) in try VolumeEntry.batch(frame: frame) },
                      encode: { VolumeEntry.batchFrame($0, id: id) })
        _ = roundTrip(frame, "end", decode: { (frame) throws(WireError) in try ReplyEnd(frame: frame) },
                      encode: { $0.frame(id: id) })
        _ = roundTrip(frame, "a failure", decode: { (frame) throws(WireError) in try ReaderFailure(frame: frame) },
                      encode: { $0.frame(id: id) })
        if let extents = roundTrip(frame, "extents", decode: { (frame) throws(WireError) in try FileExtents(frame: frame) },
                                   encode: { $0.frame(id: id) }) {
            checkSegments(extents, seed: FuzzInput.fnv1a(frame.payload))
        }
    }
    return 0
}
