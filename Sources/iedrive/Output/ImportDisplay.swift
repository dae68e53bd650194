import IEDriveCopy
import IEDriveCore

/// `import`'s live output: a progress bar with rate and ETA on a terminal (stderr), or JSON
/// lines on stdout.
final class ImportDisplay {
    let json: Bool
    private var drewBar = false

    init(json: Bool) {
        self.json = json
    }

    func progress(_ progress: CopyProgress) {
        if json {
            Console.out(JSONValue.object([
                ("event", .string("progress")),
                ("percentComplete", .int(progress.percentComplete)),
                ("bytesSucceeded", .uint(progress.bytesSucceeded)),
                ("totalBytes", .uint(progress.totalBytes)),
                ("blobsDone", .int(progress.blobsDone)),
                ("blobCount", .int(progress.blobCount)),
                ("bytesPerSecond", .double(progress.rate.rounded())),
                ("secondsLeft", progress.secondsLeft.map { .double($0.rounded()) } ?? .null),
            ]).serialized())
            return
        }
        let width = 30
        let filled = progress.percentComplete * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let eta = progress.secondsLeft.map { Self.duration($0) } ?? "--:--"
        let line = "\r\(bar) \(progress.percentComplete)%  \(ByteCountFormat.binary(progress.bytesSucceeded))/" +
            "\(ByteCountFormat.binary(progress.totalBytes))  \(ByteCountFormat.binary(UInt64(progress.rate)))/s  " +
            "ETA \(eta)  blobs \(progress.blobsDone)/\(progress.blobCount)\u{1B}[K"
        Console.errorRaw(line)
        drewBar = true
    }

    func blob(_ blob: DriveLogBlob) {
        guard blob.status != .completed || blob.disposition.map({ $0.status.isWarning }) == true else { return }
        if json {
            Console.out(JSONValue.object([
                ("event", .string("blob")),
                ("status", .string(blob.status.rawValue)),
                ("blobPath", .string(blob.blobPath)),
                ("filePath", .string(blob.filePath)),
                ("disposition", .string(blob.disposition?.status.rawValue)),
            ]).serialized())
        } else {
            end()
            Console.error("\(blob.status.rawValue)\t\(blob.filePath)\t\(blob.blobPath)" +
                          (blob.disposition.map { "\t\($0.status.rawValue)" } ?? ""))
        }
    }

    func end() {
        if drewBar {
            Console.errorRaw("\n")
            drewBar = false
        }
    }

    func summary(_ summary: CopySummary, seconds: Double, target: String, resources: VerifyResources, logs: [String]) {
        let rate = seconds > 0 ? Double(summary.bytesCopied) / seconds : 0
        if json {
            Console.out(JSONValue.object([
                ("event", .string("summary")),
                ("driveStatus", .string(summary.driveStatus.rawValue)),
                ("target", .string(target)),
                ("blobs", .int(summary.blobCount)),
                ("blobsCompleted", .int(summary.blobsCompleted)),
                ("blobsWithErrors", .int(summary.blobsWithErrors)),
                ("blobsResumed", .int(summary.blobsResumed)),
                ("bytesCopied", .uint(summary.bytesCopied)),
                ("bytesResumed", .uint(summary.bytesResumed)),
                ("bytesReadDirectly", .uint(summary.bytesReadDirectly)),
                ("totalBytes", .uint(summary.totalBytes)),
                ("seconds", .double(seconds)),
                ("bytesPerSecond", .double(rate.rounded())),
                ("resources", resources.json),
                ("logs", .array(logs.map(JSONValue.string))),
            ]).serialized())
            return
        }
        var blobs = "\(summary.blobCount): \(summary.blobsCompleted) completed, \(summary.blobsWithErrors) with errors"
        if summary.blobsResumed > 0 { blobs += ", \(summary.blobsResumed) finished by an earlier run" }
        var data = "\(ByteCountFormat.binary(summary.bytesCopied)) copied"
        if summary.bytesResumed > 0 { data += ", \(ByteCountFormat.binary(summary.bytesResumed)) kept from an earlier run" }
        data += " of \(ByteCountFormat.binary(summary.totalBytes))"
        let memory = "peak \(ByteCountFormat.binary(resources.peakResidentBytes)), " +
            "reader \(ByteCountFormat.binary(resources.readerPeakResidentBytes))"
        var lines: [String] = []
        lines.append("status    \(summary.driveStatus.rawValue)")
        lines.append("target    \(target)")
        lines.append("blobs     \(blobs)")
        lines.append("data      \(data)")
        lines.append("time      \(VerifyText.format2(seconds)) s, \(VerifyText.format2(rate / 1e6)) MB/s")
        lines.append("memory    \(memory)")
        lines += logs.map { "log       \($0)" }
        Console.out(lines.joined(separator: "\n"))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? "\(total / 3600):\(pad(total / 60 % 60)):\(pad(total % 60))"
            : "\(pad(total / 60)):\(pad(total % 60))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
