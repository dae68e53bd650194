import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveManifest

/// The drive logs of one processing run (drive-logs.md): the error log always, the verbose log
/// when the job's `logLevel` is `Verbose`, built as blobs finish and published into the target's
/// diagnostics container (`<diagnosticsPath>/waies/<job>_<drive>_<timestamp>_error.xml`) when the
/// run ends. Small (a few hundred bytes per blob), so kept in memory until then.
final class DiagnosticsLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var writers: [(kind: DriveLogKind, writer: DriveLogWriter, text: Buffer)] = []
    private let container: String
    private let jobName: String
    private let driveId: String
    private let timestamp: LogTimestamp

    final class Buffer: @unchecked Sendable { var bytes: [UInt8] = [] }

    init(job: Job, driveId: String, at now: Instant) {
        let root = job.diagnosticsPath.slashSeparated(omittingEmpty: true)
        container = root.first.map(String.init) ?? Job.defaultDiagnosticsPath
        prefix = root.dropFirst().joined(separator: "/")
        jobName = job.name
        self.driveId = driveId
        timestamp = LogTimestamp(millisecondsSince1970: now.millisecondsSinceEpoch)
        var kinds: [(DriveLogKind, DriveLogWriter.Level)] = [(.error, .error)]
        if job.logLevel == .verbose { kinds.append((.verbose, .verbose)) }
        for (kind, level) in kinds {
            let buffer = Buffer()
            writers.append((kind, DriveLogWriter(level: level, driveId: driveId, sink: { buffer.bytes.append(contentsOf: $0.utf8) }), buffer))
        }
    }

    private let prefix: String

    func write(_ blob: DriveLogBlob) {
        lock.withLock {
            for index in writers.indices { writers[index].writer.write(blob) }
        }
    }

    /// Ends the logs with the drive's status and publishes them; returns their URIs.
    func publish(status: DriveStatus, to target: any StorageTarget) throws -> DriveLogLinks {
        let finished: [(DriveLogKind, [UInt8])] = lock.withLock {
            for index in writers.indices { writers[index].writer.finish(status: status) }
            return writers.map { ($0.kind, $0.text.bytes) }
        }
        var links = DriveLogLinks()
        for (kind, bytes) in finished {
            let name = DriveLogName.blobName(root: prefix, jobName: jobName, driveId: driveId, timestamp: timestamp, kind: kind)
            let path = try BlobPath(container: container, name: name)
            var properties = BlobProperties()
            properties.contentType = "application/xml"
            try target.putSmallBlob(bytes, at: path, stagedAs: StagedBlobID("log-\(jobName)-\(driveId)-\(timestamp.text)-\(kind.rawValue)"),
                                    properties: properties)
            let uri = Self.uri(of: path, in: target)
            switch kind {
            case .error: links.errorLogUri = uri
            case .verbose: links.verboseLogUri = uri
            default: break
            }
        }
        return links
    }

    static func uri(of path: BlobPath, in target: any StorageTarget) -> String {
        let base = target.displayName.hasSuffix("/") ? String(target.displayName.dropLast()) : target.displayName
        return "\(base)/\(path.container)/\(path.name)"
    }
}
