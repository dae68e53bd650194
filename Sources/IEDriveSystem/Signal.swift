import Glibc

/// A signal number, named.
public struct Signal: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `SIGKILL`.
    public static let kill = Signal(rawValue: SIGKILL)
    /// `SIGTERM`.
    public static let terminate = Signal(rawValue: SIGTERM)
    /// `SIGPIPE`: a write to a pipe or socket nobody reads any more.
    public static let brokenPipe = Signal(rawValue: SIGPIPE)
    /// `SIGXFSZ`: a write past `RLIMIT_FSIZE`.
    public static let fileSizeLimitExceeded = Signal(rawValue: SIGXFSZ)

    /// strsignal(3)'s text ("Killed", "Segmentation fault").
    public var description: String {
        Glibc.strsignal(rawValue).map { String(cString: $0) } ?? "signal \(rawValue)"
    }
}

/// A `waitpid(2)` status: how a child ended. The C macros (`WIFSIGNALED`, `WTERMSIG`,
/// `WEXITSTATUS`) are not imported into Swift; these are their Linux definitions.
public struct WaitStatus: RawRepresentable, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `WIFSIGNALED` and `WTERMSIG`: the signal that killed the child, if one did.
    public var terminationSignal: Signal? {
        let signal = rawValue & 0x7f
        return signal != 0 && signal != 0x7f ? Signal(rawValue: signal) : nil
    }

    /// `WEXITSTATUS`: the exit status (meaningful when no signal killed the child).
    public var exitStatus: Int32 { (rawValue >> 8) & 0xff }
}

/// What `getrusage(2)` and `wait4(2)` report, in the fields iedrive reads.
public struct ResourceUsage: Sendable, Hashable {
    /// `ru_maxrss` in bytes: the largest resident set.
    public var peakResidentBytes: UInt64
    /// `ru_utime` plus `ru_stime`, in seconds.
    public var cpuSeconds: Double

    public init(peakResidentBytes: UInt64 = 0, cpuSeconds: Double = 0) {
        self.peakResidentBytes = peakResidentBytes
        self.cpuSeconds = cpuSeconds
    }

    init(_ usage: rusage) {
        peakResidentBytes = UInt64(max(0, usage.ru_maxrss)) * 1024
        cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
