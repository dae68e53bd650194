/// Names of the per-drive log blobs (drive-logs.md §3):
/// `<root>/waies/<jobName>_<driveId>_<timestamp>_<kind>.xml`, with the timestamp
/// `yyyyMMdd-HHmmss-fff` in UTC, taken when the log is written (each kind has its own).
public enum DriveLogKind: String, Sendable, Hashable, CaseIterable {
    case error
    case verbose
    case manifest
}

public enum DriveLogName {
    /// The blob name under the diagnostics root (`waimportexport` by default, §2).
    public static func blobName(root: String, jobName: String, driveId: String,
                                timestamp: LogTimestamp, kind: DriveLogKind) -> String {
        let trimmedRoot = root.hasSuffix("/") ? String(root.dropLast()) : root
        let prefix = trimmedRoot.isEmpty ? "" : trimmedRoot + "/"
        return "\(prefix)waies/\(jobName)_\(driveId)_\(timestamp.text)_\(kind.rawValue).xml"
    }

    /// The incomplete blob list of an export job (blob-list.md §4, our naming):
    /// `<root>/waies/<jobName>_<timestamp>_incomplete.xml`.
    public static func incompleteBlobListName(root: String, jobName: String, timestamp: LogTimestamp) -> String {
        let trimmedRoot = root.hasSuffix("/") ? String(root.dropLast()) : root
        let prefix = trimmedRoot.isEmpty ? "" : trimmedRoot + "/"
        return "\(prefix)waies/\(jobName)_\(timestamp.text)_incomplete.xml"
    }
}

/// A UTC instant to the millisecond, formatted `yyyyMMdd-HHmmss-fff` (`20170813-194618-350`).
/// Built from milliseconds since 1970 so that the clock stays with the caller.
public struct LogTimestamp: Sendable, Hashable, CustomStringConvertible {
    public let millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    public var text: String {
        let millis = millisecondsSince1970
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let inDay = millis - days * 86_400_000
        let date = CivilDate.fromDays(days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(Int64(date.year), 4) + pad(Int64(date.month), 2) + pad(Int64(date.day), 2) + "-"
            + pad(inDay / 3_600_000, 2) + pad(inDay / 60_000 % 60, 2) + pad(inDay / 1_000 % 60, 2) + "-"
            + pad(inDay % 1_000, 3)
    }

    public var description: String { text }
}
