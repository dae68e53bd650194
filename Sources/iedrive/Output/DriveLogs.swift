import IEDriveCore
import IEDriveManifest
#if canImport(Glibc)
import Glibc
#endif

/// The error log (always, when a directory is given) and the verbose log (when asked) of one
/// drive run, written as blobs are checked.
final class DriveLogs {
    private var writers: [(writer: DriveLogWriter, file: LogFile)] = []
    private(set) var paths: [String] = []

    init(directory: String?, verbose: Bool, driveID: String, jobName: String = "verify") throws {
        guard let directory else { return }
        try makeDirectories(directory)
        let now = LogTimestamp.now()
        var kinds: [(DriveLogKind, DriveLogWriter.Level)] = [(.error, .error)]
        if verbose { kinds.append((.verbose, .verbose)) }
        for (kind, level) in kinds {
            let name = DriveLogName.blobName(root: "", jobName: jobName, driveId: driveID, timestamp: now, kind: kind)
            let fileName = String(name.split(separator: "/").last ?? Substring(name))
            let file = try LogFile(path: directory + "/" + fileName)
            writers.append((DriveLogWriter(level: level, driveId: driveID, sink: { file.write($0) }), file))
            paths.append(file.path)
        }
    }

    func write(_ blob: DriveLogBlob) {
        for index in writers.indices { writers[index].writer.write(blob) }
    }

    func finish(status: DriveStatus) throws {
        for index in writers.indices {
            writers[index].writer.finish(status: status)
            try writers[index].file.close()
        }
        writers.removeAll()
    }
}

extension LogTimestamp {
    static func now() -> LogTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LogTimestamp(millisecondsSince1970: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}
