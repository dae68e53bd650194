import IEDriveSystem

/// One-line messages on stderr, the reader's log pipe (the parent reads it). Never a key.
enum ReaderLog {
    static func write(_ message: String) {
        try? SystemCall.writeAll(SystemCall.standardError, Array("iedrive-reader[\(SystemCall.getpid())]: \(message)\n".utf8),
                                 subject: "the log")
    }
}
