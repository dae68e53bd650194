import IEDriveCore
import IEDriveSystem

/// The parent stopped reading replies (EPIPE) or the reply descriptor failed.
struct ReplyChannelClosed: Error {
    let errno: Errno
}

/// Writes reply frames to the reply descriptor with blocking `write(2)`s. File data goes out
/// without a copy: it is read into ``dataPayload``, just behind room for the frame header,
/// and header and payload leave in one write.
final class ReplyWriter {
    private let fd: Int32
    private let frameBuffer: UnsafeMutableRawBufferPointer

    init(fd: Int32) {
        self.fd = fd
        frameBuffer = .allocate(byteCount: ReaderFrame.headerSize + ReaderFrame.dataPieceSize, alignment: 4096)
    }

    deinit { frameBuffer.deallocate() }

    /// Where the next data piece is read to (``ReaderFrame/dataPieceSize`` bytes).
    var dataPayload: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: frameBuffer[ReaderFrame.headerSize...])
    }

    func send(_ frame: ReaderFrame) throws(ReplyChannelClosed) {
        let bytes = frame.encoded
        do {
            try SystemCall.writeAll(fd, bytes, subject: "the reply pipe")
        } catch {
            throw ReplyChannelClosed(errno: error.errno)
        }
    }

    /// A `data` frame of the first `count` bytes of ``dataPayload``.
    func sendData(requestID: UInt32, count: Int) throws(ReplyChannelClosed) {
        let header = ReaderFrame.header(kind: .data, requestID: requestID, length: count)
        frameBuffer.copyBytes(from: header)
        let frame = UnsafeRawBufferPointer(rebasing: frameBuffer[..<(ReaderFrame.headerSize + count)])
        do {
            try SystemCall.writeAll(fd, frame, subject: "the reply pipe")
        } catch {
            throw ReplyChannelClosed(errno: error.errno)
        }
    }
}
