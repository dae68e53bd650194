import IEDriveCore
import IEDriveSystem

/// The reader side of the reader protocol (see ``ReaderRequest``): sends `ready`, then
/// reads request frames from `requestFD` and answers each, strictly in order, on
/// `responseFD`. Runs on the calling thread, which is the only thread that touches the
/// volume (libntfs-3g is not thread-safe). The three descriptors stay the caller's.
///
/// The process must ignore SIGPIPE: a parent that stops reading ends ``run()`` with
/// ``Ending/repliesClosed(errno:)`` instead of killing it.
public final class ReaderServer {
    /// Sent in `ready`.
    public static let version = "0.1.0"
    /// Entries per `entries` frame, and the path bytes one frame carries at most.
    static let entriesPerFrame = 256
    static let entryBytesPerFrame = ReaderFrame.maximumPayload / 2

    /// Why ``run()`` returned.
    public enum Ending: Sendable, Hashable, CustomStringConvertible {
        /// A `shutdown` request.
        case shutdown
        /// End of file on the request pipe.
        case requestsClosed
        /// Writing a reply failed (EPIPE: the parent stopped reading).
        case repliesClosed(errno: Int32)
        case requestReadFailed(errno: Int32)
        /// The request stream was not made of frames.
        case protocolError(String)

        /// Whether the parent ended the conversation as the protocol says it should.
        public var isOrderly: Bool { self == .shutdown || self == .requestsClosed }

        public var description: String {
            switch self {
            case .shutdown: "shutdown requested"
            case .requestsClosed: "the request pipe was closed"
            case .repliesClosed(let code): "the reply pipe failed (\(Errno(rawValue: code)))"
            case .requestReadFailed(let code): "reading the request pipe failed (\(Errno(rawValue: code)))"
            case .protocolError(let message): "protocol error: \(message)"
            }
        }
    }

    enum State {
        case awaitingOpen
        case open(NTFSVolume)
        /// A fatal failure ended the session: only shutdown (or EOF) is accepted now.
        case ended(ReaderFailure)
    }

    let deviceFD: Int32
    private var requests: RequestReader
    let replies: ReplyWriter
    var state = State.awaitingOpen

    public init(deviceFD: Int32, requestFD: Int32, responseFD: Int32) {
        self.deviceFD = deviceFD
        requests = RequestReader(fd: requestFD)
        replies = ReplyWriter(fd: responseFD)
        // Best effort: a 1 MiB reply pipe (the most an unprivileged process may ask for:
        // /proc/sys/fs/pipe-max-size) instead of 64 KiB. Measured with 2 GiB drained by
        // `cat > /dev/null`: 0.45 GB/s with 64 KiB, 1.5-1.8 GB/s with 1 MiB.
        _ = try? SystemCall.setPipeSize(responseFD, bytes: ReaderFrame.dataPieceSize, subject: "the reply pipe")
    }

    /// Serves until shutdown, end of input or a broken pipe; unmounts the volume (and
    /// destroys the BitLocker context) before returning.
    public func run() -> Ending {
        let ending = serveUntilEnd()
        state = .awaitingOpen   // ntfs_umount, dis_destroy
        return ending
    }

    private func serveUntilEnd() -> Ending {
        do throws(ReplyChannelClosed) {
            try replies.send(ReaderReady(pid: SystemCall.getpid(), uid: SystemCall.getuid(), gid: SystemCall.getgid(),
                                         version: Self.version).frame)
            while true {
                switch requests.next() {
                case .endOfInput:
                    return .requestsClosed
                case .readFailed(let error):
                    return .requestReadFailed(errno: error.rawValue)
                case .corrupt(let message):
                    try replies.send(ReaderFailure(.badRequest, "The request stream is corrupt: \(message).").frame(id: 0))
                    return .protocolError(message)
                case .frame(let frame) where frame.kind == .shutdown:
                    return .shutdown
                case .frame(let frame):
                    try serve(frame)
                }
            }
        } catch {
            return .repliesClosed(errno: error.errno.rawValue)
        }
    }

    private func serve(_ frame: ReaderFrame) throws(ReplyChannelClosed) {
        let id = frame.requestID
        let request: ReaderRequest
        do {
            request = try ReaderRequest(frame: frame)
        } catch {
            return try fail(ReaderFailure(.badRequest, "Malformed \(frame.kind) request: \(error.message)."), id: id)
        }
        switch state {
        case .ended(let failure):
            try fail(ReaderFailure(.badRequest, "An earlier failure (\(failure.kind)) ended this session; only shutdown is accepted."), id: id)
        case .awaitingOpen:
            guard case .open(let opening) = request else {
                return try fail(ReaderFailure(.badRequest, "No volume is open; send open first."), id: id)
            }
            try open(opening, id: id)
        case .open(let volume):
            switch request {
            case .open: try fail(ReaderFailure(.badRequest, "A volume is already open."), id: id)
            case .stat(let path): try stat(path, on: volume, id: id)
            case .list(let path): try list(path, on: volume, id: id)
            case .walk(let path): try walk(path, on: volume, id: id)
            case .read(let range): try read(range, on: volume, id: id)
            case .map(let path): try map(path, on: volume, id: id)
            case .shutdown: break   // handled by serveUntilEnd
            }
        }
    }

    /// Answers request `id` with `failure`; a fatal one ends the session (and unmounts).
    func fail(_ failure: ReaderFailure, id: UInt32) throws(ReplyChannelClosed) {
        if failure.isFatal {
            ReaderLog.write("request \(id): \(failure.kind): \(failure)")
            state = .ended(failure)
        }
        try replies.send(failure.frame(id: id))
    }
}
