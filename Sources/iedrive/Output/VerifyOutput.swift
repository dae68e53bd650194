import IEDriveCopy
import IEDriveCore
import IEDriveDaemon
import IEDriveVolumes
import IEDriveSystem

/// Memory and CPU of a verify run: this process and the drive's reader process.
struct VerifyResources {
    var peakResidentBytes: UInt64
    var readerPeakResidentBytes: UInt64
    var readerCPUSeconds: Double

    init(reader: ReaderUsage) {
        peakResidentBytes = (try? SystemCall.resourceUsage())?.peakResidentBytes ?? 0
        readerPeakResidentBytes = reader.peakResidentBytes
        readerCPUSeconds = reader.cpuSeconds
    }

    var json: JSONValue {
        .object([
            ("peakResidentBytes", .uint(peakResidentBytes)),
            ("readerPeakResidentBytes", .uint(readerPeakResidentBytes)),
            ("readerCPUSeconds", .double(readerCPUSeconds)),
        ])
    }
}

/// `verify`'s human summary.
enum VerifyText {
    static func summary(device: String, drive: OpenedDrive, summary: VerifySummary, seconds: Double, full: Bool,
                        logs: [String], resources: VerifyResources) -> String {
        let volume = drive.info
        var rows: [(String, String)] = [
            ("device", device),
            ("volume", (volume.encrypted ? "BitLocker, unlocked in \(volume.unlockMilliseconds) ms; " : "plain ") +
                "NTFS \(ByteCountFormat.binary(volume.volumeSize))" + (volume.label.isEmpty ? "" : ", label \(volume.label)")),
            ("manifest", "\(summary.manifestPath) (drive \(summary.driveID))"),
            ("blobs", "\(summary.blobCount): \(summary.blobsCompleted) completed, \(summary.blobsWithErrors) with errors"),
            ("data", full
                ? "\(ByteCountFormat.binary(summary.bytesVerified)) hashed of \(ByteCountFormat.binary(summary.totalBlobBytes))"
                : "\(ByteCountFormat.binary(summary.totalBlobBytes)) (existence and length checked; --full hashes every block)"),
            ("time", String(format2(seconds)) + " s" + (full && seconds > 0
                ? ", \(format2(Double(summary.bytesVerified) / seconds / 1e6)) MB/s" : "")),
            ("memory", "peak \(ByteCountFormat.binary(resources.peakResidentBytes)), reader " +
                "\(ByteCountFormat.binary(resources.readerPeakResidentBytes))"),
            ("status", summary.driveStatus.rawValue),
        ]
        rows += logs.map { ("log", $0) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }.joined(separator: "\n")
    }

    static func format2(_ value: Double) -> String {
        let scaled = (value * 100).rounded()
        let whole = Int(scaled) / 100
        let fraction = Int(scaled) % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// `verify --json`: one object, schema version 1.
enum VerifyJSON {
    static let schemaVersion = 1

    static func summary(device: String, volume drive: OpenedDrive, summary: VerifySummary, problems: [BlobCheck],
                        problemCount: Int, seconds: Double, logs: [String], resources: VerifyResources) -> JSONValue {
        .object([
            ("schemaVersion", .int(schemaVersion)),
            ("device", .string(device)),
            ("ok", .bool(summary.driveStatus != .completedWithErrors)),
            ("driveStatus", .string(summary.driveStatus.rawValue)),
            ("failure", .null),
            ("volume", .object([
                ("encrypted", .bool(drive.info.encrypted)),
                ("offset", .uint(drive.verdict.volumeOffset)),
                ("size", .uint(drive.info.volumeSize)),
                ("label", .string(drive.info.label)),
                ("unlockMilliseconds", .int(Int(drive.info.unlockMilliseconds))),
            ])),
            ("manifest", .object([
                ("path", .string(summary.manifestPath)),
                ("driveId", .string(summary.driveID)),
                ("blobs", .int(summary.blobCount)),
                ("totalBytes", .uint(summary.totalBlobBytes)),
            ])),
            ("blobsCompleted", .int(summary.blobsCompleted)),
            ("blobsWithErrors", .int(summary.blobsWithErrors)),
            ("bytesVerified", .uint(summary.bytesVerified)),
            ("seconds", .double(seconds)),
            ("problems", .array(problems.map(problem))),
            ("problemsTruncated", .bool(problemCount > problems.count)),
            ("logs", .array(logs.map(JSONValue.string))),
            ("resources", resources.json),
        ])
    }

    static func failure(device: String, failure: DriveFailure, seconds: Double, logs: [String]) -> JSONValue {
        .object([
            ("schemaVersion", .int(schemaVersion)),
            ("device", .string(device)),
            ("ok", .bool(false)),
            ("driveStatus", .string(failure.status.rawValue)),
            ("failure", .object([
                ("state", .string(failure.state.label)),
                ("token", .string(failure.state.rawValue)),
                ("reason", .string(failure.reason)),
            ])),
            ("seconds", .double(seconds)),
            ("logs", .array(logs.map(JSONValue.string))),
        ])
    }

    static func problem(_ check: BlobCheck) -> JSONValue {
        .object([
            ("blobPath", .string(check.blob.blobPathText)),
            ("filePath", .string(check.blob.filePathText)),
            ("status", .string(check.status.rawValue)),
            ("message", .string(check.message)),
            ("pieces", .array(check.pieces.filter { $0.status != .completed }.map { piece in
                .object([("offset", .uint(piece.offset)), ("length", .uint(piece.length)),
                         ("status", .string(piece.status.rawValue))])
            })),
        ])
    }
}
