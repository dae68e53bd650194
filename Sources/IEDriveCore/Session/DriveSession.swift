/// What a drive needs to be opened: where it is, its key, and what is acceptable.
public struct DriveSessionRequest: Sendable {
    public var devicePath: String
    /// The job's recovery password; nil for a plain NTFS drive (with `allowUnencrypted`).
    public var recoveryPassword: RecoveryPassword?
    public var allowUnencrypted: Bool
    /// Whether this process keeps its own read-only descriptor of the drive, so a plain
    /// volume's files are read from it directly (``VolumeReader/plainDevice``): the copy does;
    /// verify and `ls` go through the reader alone.
    public var mappedReads: Bool

    public init(devicePath: String, recoveryPassword: RecoveryPassword?, allowUnencrypted: Bool, mappedReads: Bool) {
        self.devicePath = devicePath
        self.recoveryPassword = recoveryPassword
        self.allowUnencrypted = allowUnencrypted
        self.mappedReads = mappedReads
    }
}

/// A drive open for reading: its probe, the volume chosen, and the volume's files.
public struct OpenedDrive: Sendable {
    public var report: ProbeReport
    public var verdict: DriveVerdict
    public var info: VolumeInfo
    /// The files, for the stages; valid only inside the session.
    public var volume: any VolumeReader

    public init(report: ProbeReport, verdict: DriveVerdict, info: VolumeInfo, volume: any VolumeReader) {
        self.report = report
        self.verdict = verdict
        self.info = info
        self.volume = volume
    }
}

/// What the drive's reader used, once its session ended.
public struct ReaderUsage: Sendable, Hashable {
    /// The wait status (0: it exited cleanly).
    public var exitStatus: Int32
    public var peakResidentBytes: UInt64
    /// User and system CPU time.
    public var cpuSeconds: Double

    public init(exitStatus: Int32, peakResidentBytes: UInt64, cpuSeconds: Double) {
        self.exitStatus = exitStatus
        self.peakResidentBytes = peakResidentBytes
        self.cpuSeconds = cpuSeconds
    }
}

/// Why a drive could not be opened: a drive failure (the drive's fault, with its state), or
/// a host problem — the device cannot be opened, or the reader cannot be started — the drive
/// stays as it was.
public enum DriveOpeningError: Error, Sendable, CustomStringConvertible {
    /// Which part of the host failed.
    public enum HostPart: Sendable, Hashable {
        case device
        case reader
    }

    case drive(DriveFailure)
    case host(String, HostPart)

    public var description: String {
        switch self {
        case .drive(let failure): failure.description
        case .host(let message, _): message
        }
    }
}

/// The one way to open a drive and be sure it is closed: probe, start its reader, unlock,
/// mount, run `body` with the opened drive, and on every way out — return, throw,
/// cancellation, a stop — stop the reader and reap it. The daemon's trip and every command
/// that reads a drive go through it; nothing else closes or kills a reader.
///
/// The reader-process implementation is IEDriveDaemon's `ReaderSessions`; root-free tests
/// give the trip an in-memory one.
public protocol DriveSessions: Sendable {
    /// Opening failures throw ``DriveOpeningError``; `body`'s errors come out as they are.
    /// A `stop` signal, when given, kills the reader as soon as it is stopped.
    func withOpenedDrive<T>(_ request: DriveSessionRequest, stop: StopSignal?,
                            _ body: (OpenedDrive) async throws -> T) async throws -> (value: T, reader: ReaderUsage)
}

extension DriveSessions {
    public func withOpenedDrive<T>(_ request: DriveSessionRequest,
                                   _ body: (OpenedDrive) async throws -> T) async throws -> (value: T, reader: ReaderUsage) {
        try await withOpenedDrive(request, stop: nil, body)
    }
}
