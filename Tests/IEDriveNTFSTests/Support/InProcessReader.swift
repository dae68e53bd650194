import Foundation
import IEDriveNTFS
import IEDriveTestSupport
import Synchronization

/// A ReaderServer run in this process on a thread of its own, over pipe(2) pairs and a
/// device descriptor opened O_RDONLY, with a ReaderTestClient on the other ends.
final class InProcessReader {
    let client: ReaderTestClient
    /// The descriptor the server reads the drive through (tests may swap what it refers to).
    let deviceFD: Int32
    private var requestFD: Int32
    private let responseFD: Int32
    private let finished: Finished

    private final class Finished: Sendable {
        let ending = Mutex<ReaderServer.Ending?>(nil)
        let done = DispatchSemaphore(value: 0)
    }

    /// Starts a server on `device` (an image file or a block device).
    init(device: String) throws {
        signal(SIGPIPE, SIG_IGN)   // a failed test may stop reading; the server must see EPIPE
        let deviceFD = open(device, O_RDONLY | O_CLOEXEC)
        guard deviceFD >= 0 else { throw ReaderTestClient.Failed("cannot open \(device)") }
        let requests = try Pipes.make()
        let replies = try Pipes.make()
        let finished = Finished()
        let (serverRequests, serverReplies) = (requests.read, replies.write)
        Thread.detachNewThread {
            let ending = ReaderServer(deviceFD: deviceFD, requestFD: serverRequests, responseFD: serverReplies).run()
            close(serverRequests)
            close(serverReplies)   // the client sees the end of the stream
            finished.ending.withLock { $0 = ending }
            finished.done.signal()
        }
        self.deviceFD = deviceFD
        requestFD = requests.write
        responseFD = replies.read
        self.finished = finished
        client = ReaderTestClient(requestFD: requestFD, responseFD: responseFD)
    }

    /// Closes the client's ends (end of input, and EPIPE for a server still writing) and
    /// waits for the server thread.
    deinit {
        closeRequests()
        close(responseFD)
        finished.done.wait()
        close(deviceFD)
    }

    /// Waits (up to 60 s) for the server to return; how it ended.
    func ending() -> ReaderServer.Ending? {
        guard finished.done.wait(timeout: .now() + 60) == .success else { return nil }
        finished.done.signal()
        return finished.ending.withLock { $0 }
    }

    /// Closes the request pipe: end of input for the server.
    func closeRequests() {
        if requestFD >= 0 { close(requestFD) }
        requestFD = -1
    }

    /// Runs `body` with a fresh reader on `device`, checking that the device's bytes are the
    /// same afterwards (sha256 before and after).
    static func with<R>(device: String, _ body: (InProcessReader) throws -> R) throws -> R {
        let before = try sha256(of: device)
        let result = try {
            let reader = try InProcessReader(device: device)
            _ = try reader.client.ready()
            return try body(reader)
        }()
        let after = try sha256(of: device)
        guard before == after else { throw ReaderTestClient.Failed("\(device) changed while it was read") }
        return result
    }
}
