import CSystemSupport
import Glibc

/// The `poll(2)` events iedrive waits for or reads back.
public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// `POLLIN`: there is something to read (or the end of the stream).
    public static let readable = PollEvents(rawValue: Int16(POLLIN))
    /// `POLLOUT`.
    public static let writable = PollEvents(rawValue: Int16(POLLOUT))
    /// `POLLERR` (reported, never asked for).
    public static let error = PollEvents(rawValue: Int16(POLLERR))
}

extension SystemCall {
    /// `pipe2(O_CLOEXEC)` (through CSystemSupport): both ends close-on-exec from the start,
    /// so a child spawned by another thread meanwhile cannot inherit them (a stray write end
    /// in a child hides the end of the stream from the reader).
    public static func pipe() throws(SystemCallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        _ = try funnel("pipe2", "", retryOnInterrupt: false) {
            fds.withUnsafeMutableBufferPointer { checked(iedrive_pipe_cloexec($0.baseAddress!)) }
        }
        return (fds[0], fds[1])
    }

    /// `fcntl(fd, F_SETPIPE_SZ, bytes)` (through CSystemSupport): the pipe's capacity, which
    /// an unprivileged process may raise up to `/proc/sys/fs/pipe-max-size` (1 MiB by
    /// default). Returns the capacity set (the kernel rounds up to a power of two pages).
    @discardableResult
    public static func setPipeSize(_ fd: Int32, bytes: Int, subject: @autoclosure () -> String) throws(SystemCallError) -> Int {
        Int(try funnel("fcntl(F_SETPIPE_SZ)", subject(), retryOnInterrupt: false) {
            checked(iedrive_set_pipe_size(fd, Int32(clamping: bytes)))
        })
    }

    /// `poll(2)` of one descriptor for `events`, up to `timeoutMilliseconds` (-1: no limit).
    /// The events that occurred; empty when the time ran out. An interrupted wait is
    /// retried (with the whole timeout again) unless `retryOnInterrupt` is false.
    public static func poll(_ fd: Int32, for events: PollEvents, timeoutMilliseconds: Int32,
                            subject: @autoclosure () -> String, retryOnInterrupt: Bool = true) throws(SystemCallError) -> PollEvents {
        var descriptor = pollfd(fd: fd, events: events.rawValue, revents: 0)
        let ready = try funnel("poll", subject(), retryOnInterrupt: retryOnInterrupt) {
            checked(Glibc.poll(&descriptor, 1, timeoutMilliseconds))
        }
        return ready == 0 ? [] : PollEvents(rawValue: descriptor.revents)
    }
}
