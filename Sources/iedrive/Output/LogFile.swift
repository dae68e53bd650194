#if canImport(Glibc)
import Glibc
#endif

/// A file written in pieces through a 64 KiB buffer, created 0640 (drive logs name customer
/// files; they are not for everyone). Call `close()` to flush; it reports the first error.
final class LogFile {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var failure: Int32 = 0

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw CommandFailure("cannot create the log \(path): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(64 << 10)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 64 << 10 { flush() }
    }

    private func flush() {
        var offset = 0
        while offset < buffer.count, failure == 0 {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
            } else {
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        if failure == 0, fsync(fd) != 0 { failure = errno }
        Glibc.close(fd)
        if failure != 0 {
            throw CommandFailure("writing the log \(path) failed: \(String(cString: strerror(failure)))")
        }
    }
}

/// Creates `path` and its parents (mode 0750).
func makeDirectories(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
        current += "/" + component
        if mkdir(current, 0o750) != 0, errno != EEXIST {
            throw CommandFailure("cannot create the directory \(current): \(String(cString: strerror(errno)))")
        }
    }
}
