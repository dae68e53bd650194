#if canImport(Glibc)
import Glibc
#endif

/// One-line messages on stderr, the reader's log pipe (the parent reads it). Never a key.
enum ReaderLog {
    static func write(_ message: String) {
        var line = "iedrive-reader[\(getpid())]: " + message + "\n"
        line.withUTF8 { _ = Syscall.writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}
