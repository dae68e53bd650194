import IEDriveCore
import IEDriveSystem

/// Reads request frames from the request descriptor with blocking `read(2)`s.
struct RequestReader {
    enum Next {
        case frame(ReaderFrame)
        /// The parent closed the request pipe.
        case endOfInput
        /// The bytes cannot be frames: the stream is corrupt or not ours.
        case corrupt(String)
        case readFailed(Errno)
    }

    private let fd: Int32
    private var decoder = ReaderFrameDecoder()
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    init(fd: Int32) { self.fd = fd }

    /// The next frame, reading as much as needed (frames already received come first).
    mutating func next() -> Next {
        while true {
            do {
                if let frame = try decoder.next() { return .frame(frame) }
            } catch {
                return .corrupt(error.message)
            }
            let read = buffer.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemCallError) in try SystemCall.read(fd, into: buffer, subject: "the request pipe") }
            }
            switch read {
            case .failure(let error):
                return .readFailed(error.errno)
            case .success(0):
                return decoder.pendingByteCount == 0 ? .endOfInput : .corrupt("the request pipe closed inside a frame")
            case .success(let count):
                buffer.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
        }
    }
}
