import IEDriveSystem

/// How iedrive runs the reader process of a drive.
public struct ReaderConfiguration: Sendable {
    /// The `iedrive-reader` executable.
    public var executable: String
    /// The user the reader drops to when started as root; nil: the reader's default
    /// (`iedrive-reader` when that user exists, else `nobody`).
    public var user: String?
    /// A reader that sends nothing for this long while iedrive waits for an answer is killed
    /// and the drive reported as `Hardware error` (a drive that stopped answering). Unlocking
    /// takes about a second of key stretching; a slow USB drive may pause for seconds.
    public var timeout: Duration
    /// Where the reader's own diagnostics (its stderr) go, a line at a time. The reader never
    /// logs keys; lines are also passed through ``LogRedaction`` before they arrive here.
    public var log: @Sendable (String) -> Void
    /// Keep a read-only descriptor of the drive in this process too, for the copy engine's
    /// mapped reads (``ReaderClient/plainDevice``). Off for what reads only through the
    /// reader (verify, ls): then a reader stuck in a hung drive holds the drive's last
    /// descriptor, and iedrive, which never waits on the device itself, can always exit.
    /// Drive sessions set it from their request.
    public var mappedReads: Bool

    public init(executable: String, user: String? = nil, timeout: Duration = .seconds(60), mappedReads: Bool = false,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.executable = executable
        self.user = user
        self.timeout = timeout
        self.mappedReads = mappedReads
        self.log = log
    }

    /// The reader installed beside the running program (`iedrive` and `iedrive-reader` ship
    /// together), or `$IEDRIVE_READER` when set.
    public static func defaultExecutable() -> String {
        if let explicit = SystemCall.environmentValue("IEDRIVE_READER"), !explicit.isEmpty {
            return explicit
        }
        guard let selfPath = try? SystemCall.executablePath(), !selfPath.isEmpty else { return "iedrive-reader" }
        let directory = selfPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/iedrive-reader"
    }
}
