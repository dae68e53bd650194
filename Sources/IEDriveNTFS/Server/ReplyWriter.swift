import IEDriveCore

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
        let written = bytes.withUnsafeBytes { Syscall.writeAll(fd, $0) }
        if case .failure(let error) = written { throw ReplyChannelClosed(errno: error) }
    }

    /// A `data` frame of the first `count` bytes of ``dataPayload``.
    func sendData(requestID: UInt32, count: Int) throws(ReplyChannelClosed) {
        let header = ReaderFrame.header(kind: .data, requestID: requestID, length: count)
        frameBuffer.copyBytes(from: header)
        let frame = UnsafeRawBufferPointer(rebasing: frameBuffer[..<(ReaderFrame.headerSize + count)])
        if case .failure(let error) = Syscall.writeAll(fd, frame) { throw ReplyChannelClosed(errno: error) }
    }
}
