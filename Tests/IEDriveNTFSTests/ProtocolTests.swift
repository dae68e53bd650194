import Foundation
import IEDriveCore
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// The conversation itself: order, pipelining, requests out of place, malformed frames, ends.
@Suite(.requiresRoot)
struct ProtocolTests {
    @Test("requests before open, a second open and malformed payloads are bad requests; none is fatal")
    func outOfPlace() throws {
        let drive = try ReaderDrives.plainTree()
        try InProcessReader.with(device: drive.path) { reader in
            let client = reader.client
            #expect(try client.stat("/").failure("stat before open").kind == .badRequest)
            #expect(try client.read(ReadRange(path: "/tiny.txt", length: 1)).failure("read before open").kind == .badRequest)
            _ = try client.open(VolumeOpening(encryption: .none)).get("open")
            #expect(try client.open(VolumeOpening(encryption: .none)).failure("second open").kind == .badRequest)

            // A stat whose string length runs past the payload.
            try client.sendRaw(ReaderFrame(.stat, requestID: 77, payload: [200, 0, 0, 0, 0x2F]).encoded)
            let malformed = try ReaderFailure(frame: try client.reply(to: 77))
            #expect(malformed.kind == .badRequest)
            // A reply kind sent as a request.
            try client.sendRaw(ReaderFrame(.entries, requestID: 78).encoded)
            #expect(try ReaderFailure(frame: try client.reply(to: 78)).kind == .badRequest)
            // A malformed recovery password never reaches the unlocker.
            var writer = WireWriter()
            writer.u64(0); writer.bool(false); writer.u64(0); writer.u8(1); writer.string("123456")
            try client.sendRaw(ReaderFrame(.open, requestID: 79, payload: writer.bytes).encoded)
            let badKey = try ReaderFailure(frame: try client.reply(to: 79))
            #expect(badKey.kind == .badRequest && !badKey.message.contains("123456"))

            #expect(try client.stat("/tiny.txt").get("stat after all that").size == 5)
        }
    }

    @Test("pipelined requests are answered strictly in order")
    func pipelining() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        try InProcessReader.with(device: drive.path) { reader in
            let client = reader.client
            _ = try client.open(VolumeOpening(encryption: .none)).get("open")
            let ids = [
                try client.send(.read(ReadRange(path: "/random-5MiB.bin", offset: 10, length: 3 << 20))),
                try client.send(.stat(path: "/nope")),
                try client.send(.walk(path: "/Nested")),
                try client.send(.stat(path: "/tiny.txt")),
            ]
            var data: [UInt8] = []
            var frame = try client.nextFrame()
            while frame.kind == .data {
                #expect(frame.requestID == ids[0])
                data += frame.payload
                frame = try client.nextFrame()
            }
            #expect(frame.kind == .end && frame.requestID == ids[0])
            #expect(data == Array(try ReaderDrives.sourceBytes(tree, "/random-5MiB.bin")[10..<(10 + 3 << 20)]))
            let missing = try client.nextFrame()
            #expect(missing.kind == .failure && missing.requestID == ids[1])
            let walked = try client.nextFrame()
            #expect(walked.kind == .entries && walked.requestID == ids[2])
            // NTFS collation order (upper-cased: EMPTY DIR < LEVEL 2), each directory's
            // entries when it is listed, depth first.
            #expect(try VolumeEntry.batch(frame: walked).map(\.path) == [
                "/Nested/empty dir", "/Nested/Level 2", "/Nested/Level 2/Level 3", "/Nested/Level 2/sibling.bin",
                "/Nested/Level 2/Level 3/deep.txt",
            ])
            #expect(try ReplyEnd(frame: try client.nextFrame()) == ReplyEnd(count: 5))
            let tiny = try client.nextFrame()
            #expect(tiny.kind == .entry && tiny.requestID == ids[3])
        }
    }

    @Test("a frame that cannot be a frame ends the session with a failure for request 0")
    func corruptStream() throws {
        let drive = try ReaderDrives.plainTree()
        try InProcessReader.with(device: drive.path) { reader in
            var bytes = ReaderFrame(.stat, requestID: 5, payload: []).encoded
            bytes[6] = 1   // a reserved header byte
            try reader.client.sendRaw(bytes)
            let failure = try ReaderFailure(frame: try reader.client.reply(to: 0))
            #expect(failure.kind == .badRequest)
            #expect(try reader.client.atEndOfStream())
            #expect(reader.ending() == .protocolError("reserved header bytes are not zero"))
        }
    }

    @Test("closing the request pipe ends the server (and unmounts)")
    func endOfInput() throws {
        let drive = try ReaderDrives.plainTree()
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            reader.closeRequests()
            #expect(try reader.client.atEndOfStream())
            #expect(reader.ending() == .requestsClosed)
        }
    }
}
