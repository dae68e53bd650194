import Foundation
import IEDriveSystem
import Logging

/// The daemon's log lines on standard error, which the journal reads under systemd: one line
/// per event, `LEVEL message key=value…`, no timestamps when the journal adds its own.
enum DaemonLogging {
    static func bootstrap(level: String) -> Logger {
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, timestamps: !journal)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        return Logger(label: "iedrive")
    }
}

struct LineLogHandler: LogHandler {
    let label: String
    let timestamps: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// UTC to the millisecond (`2026-11-29T12:00:00.123Z`): benchmarks time intake from it.
    static func timestamp() -> String {
        let now = SystemClock.realtimeNanoseconds()
        let time = UTCTime(secondsSinceEpoch: now / 1_000_000_000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", time.year, time.month, time.day, time.hour, time.minute,
                      time.second, Int(now % 1_000_000_000 / 1_000_000))
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let rendered = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var line = timestamps ? Self.timestamp() + " " : ""
        line += "\(event.level.rawValue.uppercased()) \(event.message)"
        if !rendered.isEmpty { line += " " + rendered }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
