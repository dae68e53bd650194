import IEDriveCore
import IEDriveManifest
import IEDriveSystem

/// The error log (always, when a directory is given) and the verbose log (when asked) of one
/// drive run, written as blobs are checked.
///
/// The files are named after the drive's id (`<job>_<DriveId>_<timestamp>_error.xml`), which
/// is known only once the manifest was read: give it with ``identify(_:)``. The files are
/// opened at the first blob or at ``finish(status:)``, under the id given by then, else
/// under `fallbackID` (`--drive-id`, or the device's serial when the manifest could not be
/// read).
final class DriveLogs {
    private let directory: String?
    private let verbose: Bool
    private let jobName: String
    private let started = LogTimestamp.now()
    private var driveID: String
    private var opened = false
    private var openingError: (any Error)?
    private var writers: [(writer: DriveLogWriter, file: LogFile)] = []
    private(set) var paths: [String] = []

    init(directory: String?, verbose: Bool, fallbackID: String, jobName: String = "verify") throws {
        self.directory = directory
        self.verbose = verbose
        self.jobName = jobName
        driveID = fallbackID
        if let directory { try makeDirectories(directory) }
    }

    /// The drive's id from its manifest; ignored once the files are open.
    func identify(_ driveID: String) {
        guard !opened else { return }
        self.driveID = driveID
    }

    /// Writes a blob's entry. Files that cannot be opened fail ``finish(status:)``.
    func write(_ blob: DriveLogBlob) {
        do {
            try openIfNeeded()
        } catch {
            openingError = error
        }
        for index in writers.indices { writers[index].writer.write(blob) }
    }

    func finish(status: DriveStatus) throws {
        try openIfNeeded()
        if let openingError { throw openingError }
        for index in writers.indices {
            writers[index].writer.finish(status: status)
            try writers[index].file.close()
        }
        writers.removeAll()
    }

    private func openIfNeeded() throws {
        guard !opened, let directory else { return }
        opened = true
        var kinds: [(DriveLogKind, DriveLogWriter.Level)] = [(.error, .error)]
        if verbose { kinds.append((.verbose, .verbose)) }
        for (kind, level) in kinds {
            let name = DriveLogName.blobName(root: "", jobName: jobName, driveId: driveID, timestamp: started, kind: kind)
            let fileName = String(name.slashSeparated(omittingEmpty: true).last ?? Substring(name))
            let file = try LogFile(path: directory + "/" + fileName)
            writers.append((DriveLogWriter(level: level, driveId: driveID, sink: { file.write($0) }), file))
            paths.append(file.path)
        }
    }
}

extension LogTimestamp {
    static func now() -> LogTimestamp {
        LogTimestamp(millisecondsSince1970: SystemClock.realtimeNanoseconds() / 1_000_000)
    }
}
