import IEDriveSystem

/// A file written in pieces through a 64 KiB buffer, created 0640 (drive logs name customer
/// files; they are not for everyone). Call `close()` to flush; it reports the first error.
final class LogFile {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var failure: Errno?

    init(path: String) throws {
        self.path = path
        do {
            fd = try SystemCall.open(path, [.writeOnly, .create, .truncate], permissions: 0o640)
        } catch {
            throw CommandFailure("cannot create the log \(path): \(error.errno)", state: .logsUnavailable)
        }
        buffer.reserveCapacity(64 << 10)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 64 << 10 { flush() }
    }

    private func flush() {
        if failure == nil {
            do {
                try SystemCall.writeAll(fd, buffer, subject: path)
            } catch {
                failure = error.errno
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        if failure == nil {
            do {
                try SystemCall.fsync(fd, subject: path)
            } catch {
                failure = error.errno
            }
        }
        SystemCall.close(fd)
        if let failure {
            throw CommandFailure("writing the log \(path) failed: \(failure)", state: .logsUnavailable)
        }
    }
}

/// Creates `path` and its parents (mode 0750).
func makeDirectories(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
        current += "/" + component
        do {
            try SystemCall.mkdir(current, permissions: 0o750)
        } catch {
            throw CommandFailure("cannot create the directory \(current): \(error.errno)", state: .logsUnavailable)
        }
    }
}
