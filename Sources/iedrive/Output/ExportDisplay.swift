import Foundation
import IEDriveCore
import IEDriveExport
import IEDriveSystem

/// `export`'s live output: a progress bar with rate on a terminal (stderr), or JSON lines on
/// stdout (at most a few per second).
final class ExportDisplay {
    let json: Bool
    private var drewBar = false
    private let started = SystemClock.monotonicNanoseconds()
    private var lastShown: UInt64 = 0

    init(json: Bool) {
        self.json = json
    }

    func progress(_ progress: ExportProgress) {
        let now = SystemClock.monotonicNanoseconds()
        let last = progress.blobsDone == progress.blobs && progress.bytesWritten == progress.totalBytes
        guard last || now - lastShown > 250_000_000 else { return }
        lastShown = now
        let seconds = max(Double(now - started) / 1e9, 0.001)
        let rate = Double(progress.bytesWritten) / seconds
        if json {
            Console.out(JSONValue.object([
                ("event", .string("progress")),
                ("percentComplete", .int(progress.percentComplete)),
                ("bytesWritten", .uint(progress.bytesWritten)),
                ("totalBytes", .uint(progress.totalBytes)),
                ("blobsDone", .int(progress.blobsDone)),
                ("blobCount", .int(progress.blobs)),
                ("bytesPerSecond", .double(rate.rounded())),
            ]).serialized())
            return
        }
        let width = 30
        let filled = progress.percentComplete * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        Console.errorRaw("\r\(bar) \(progress.percentComplete)%  \(ByteCountFormat.binary(progress.bytesWritten))/"
                         + "\(ByteCountFormat.binary(progress.totalBytes))  \(ByteCountFormat.binary(UInt64(rate)))/s  "
                         + "blobs \(progress.blobsDone)/\(progress.blobs)\u{1B}[K")
        drewBar = true
    }

    func incomplete(_ blob: ExportedBlob) {
        if json {
            Console.out(JSONValue.object([
                ("event", .string("blob")),
                ("status", .string(blob.status.rawValue)),
                ("blobPath", .string(blob.path.text)),
                ("filePath", .string(blob.filePath)),
                ("reason", .string(blob.reason)),
            ]).serialized())
        } else {
            Console.error("\(blob.status.rawValue)\t\(blob.path.text)\t\(blob.reason ?? "")")
        }
    }

    func end() {
        if drewBar {
            Console.errorRaw("\n")
            drewBar = false
        }
    }

    func summary(_ summary: ExportSummary, driveID: String, device: String, seconds: Double, verified: String?,
                 writerPeakResidentBytes: UInt64?) {
        let ownRSS = (try? SystemCall.resourceUsage())?.peakResidentBytes ?? 0
        let rate = Double(summary.bytesWritten) / max(seconds, 0.001)
        if json {
            Console.out(JSONValue.object([
                ("event", .string("summary")),
                ("device", .string(device)),
                ("driveId", .string(driveID)),
                ("manifest", .string(summary.manifestPath)),
                ("driveStatus", .string(summary.incomplete.isEmpty ? "Completed" : "CompletedWithErrors")),
                ("blobs", .int(summary.offered)),
                ("blobsCompleted", .int(summary.completed)),
                ("blobsIncomplete", .int(summary.incomplete.count)),
                ("bytesWritten", .uint(summary.bytesWritten)),
                ("totalBytes", .uint(summary.totalBytes)),
                ("seconds", .double((seconds * 1000).rounded() / 1000)),
                ("bytesPerSecond", .double(rate.rounded())),
                ("verified", .string(verified)),
                ("resources", .object([
                    ("peakResidentBytes", .uint(ownRSS)),
                    ("writerPeakResidentBytes", writerPeakResidentBytes.map { .uint($0) } ?? .null),
                ])),
            ]).serialized())
            return
        }
        Console.out("""
            \(device): drive \(driveID), manifest \(summary.manifestPath)
            blobs: \(summary.completed) of \(summary.offered) written, \(summary.incomplete.count) incomplete
            bytes: \(ByteCountFormat.binary(summary.bytesWritten)) in \(String(format: "%.1f", seconds)) s \
            (\(ByteCountFormat.binary(UInt64(rate)))/s)\(verified.map { "\nverify: \($0)" } ?? "")
            """)
    }
}
