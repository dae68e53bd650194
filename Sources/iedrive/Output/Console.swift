import IEDriveSystem

/// Writes to the standard streams without buffering surprises: stdout for results, stderr
/// for diagnostics, so `--json` output can be piped while errors stay visible.
enum Console {
    static func out(_ text: String) {
        write(text + "\n", to: SystemCall.standardOutput)
    }

    static func error(_ text: String) {
        write(text + "\n", to: SystemCall.standardError)
    }

    /// Text without a newline (a progress bar redrawn with \r).
    static func errorRaw(_ text: String) {
        write(text, to: SystemCall.standardError)
    }

    static var stderrIsTerminal: Bool { SystemCall.isTerminal(SystemCall.standardError) }

    /// Everything, or as much as the stream takes before it fails (a closed pipe: the rest
    /// is dropped).
    private static func write(_ text: String, to fd: Int32) {
        try? SystemCall.writeAll(fd, Array(text.utf8), subject: fd == SystemCall.standardOutput ? "stdout" : "stderr")
    }
}
