import Foundation
import IEDriveAPI
import IEDriveClient
import IEDriveCore

/// What `iedrive watch` knows from the event stream: each job's state and each drive's state
/// and copy numbers, in the order they first appeared; rendered as one line per job and per
/// drive (progress bar, percent, bytes, rate, ETA).
struct WatchBoard {
    struct JobLine {
        var classic = "?"
        var preview = ""
        var percent: Int64?
        var deleted = false
    }

    struct DriveLine {
        var job: String
        var driveId: String
        var classic = "?"
        var preview = ""
        var percent: Int64?
        var bytes: Int64?
        var total: Int64?
        var rate: Double?
        var secondsLeft: Double?
    }

    var preview: Bool
    private(set) var jobs: [(name: String, line: JobLine)] = []
    private(set) var drives: [DriveLine] = []

    init(preview: Bool) { self.preview = preview }

    /// Applies one message; unknown or malformed messages change nothing.
    mutating func apply(_ message: StreamMessage) {
        guard let object = try? JSONObjectReader(JSONParser.parse(message.data)) else { return }
        switch message.event {
        case "snapshot":
            for job in (try? object.objects("jobs")) ?? [] {
                guard let name = try? job.string("name") else { continue }
                updateJob(name, job)
                for drive in (try? job.objects("drives")) ?? [] { updateDrive(name, drive) }
            }
        case "progress":
            guard let name = try? object.string("job"), let driveId = try? object.string("driveId") else { return }
            let index = driveIndex(name, driveId)
            drives[index].percent = try? object.int64("percentComplete")
            drives[index].bytes = try? object.int64("bytesSucceeded")
            drives[index].total = try? object.int64("bytesToCopy")
            drives[index].rate = Self.number(object.value("rate"))
            drives[index].secondsLeft = Self.number(object.value("secondsLeft"))
        default:
            guard let name = try? object.string("job") else { return }
            if message.event == "jobDeleted" {
                jobIndex(name).map { jobs[$0].line.deleted = true }
                return
            }
            if let status = try? object.object("jobStatus") { updateJob(name, status) }
            if let drive = try? object.object("drive") { updateDrive(name, drive) }
        }
    }

    /// The job's Classic state as last seen, "Deleted" once deleted, nil when never seen.
    func state(of job: String) -> String? {
        jobIndex(job).map { jobs[$0].line.deleted ? "Deleted" : jobs[$0].line.classic }
    }

    /// One line per job, then its drives, `width` columns at most.
    func lines(width: Int) -> [String] {
        var out: [String] = []
        for (name, job) in jobs {
            let state = job.deleted ? "Deleted" : (preview ? job.preview : job.classic)
            out.append(clip("\(name)  \(state)  \(job.percent.map { "\($0)%" } ?? "")", width))
            for drive in drives where drive.job.lowercased() == name.lowercased() {
                out.append(clip(driveLine(drive), width))
            }
        }
        return out
    }

    private func driveLine(_ drive: DriveLine) -> String {
        let state = preview ? drive.preview : drive.classic
        let percent = drive.percent ?? 0
        let filled = Int(min(100, max(0, percent))) * 20 / 100
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "]"
        var text = "  \(drive.driveId.padding(toLength: max(drive.driveId.count, 12), withPad: " ", startingAt: 0)) "
            + "\(state.padding(toLength: max(state.count, 14), withPad: " ", startingAt: 0)) \(bar) \(String(format: "%3d%%", percent))"
        if let bytes = drive.bytes {
            text += "  \(ByteCountText.text(bytes))" + (drive.total.map { " / \(ByteCountText.text($0))" } ?? "")
        }
        if let rate = drive.rate, rate > 0, drive.classic == "Transferring" {
            text += "  \(ByteCountText.text(Int64(rate)))/s"
            if let left = drive.secondsLeft { text += "  ETA \(Self.clock(left))" }
        }
        return text
    }

    private mutating func updateJob(_ name: String, _ object: JSONObjectReader) {
        let index = jobIndex(name) ?? { jobs.append((name, JobLine())); return jobs.count - 1 }()
        if let state = try? object.string("state") { jobs[index].line.classic = state }
        if let label = try? object.string("previewLabel") { jobs[index].line.preview = label }
        jobs[index].line.percent = try? object.int64("percentComplete")
    }

    private mutating func updateDrive(_ job: String, _ object: JSONObjectReader) {
        guard let driveId = try? object.string("driveId") else { return }
        let index = driveIndex(job, driveId)
        if let state = try? object.string("state") { drives[index].classic = state }
        if let label = try? object.string("previewLabel") { drives[index].preview = label }
        if let percent = try? object.int64("percentComplete") { drives[index].percent = percent }
        if let bytes = try? object.int64("bytesSucceeded") { drives[index].bytes = bytes }
        if let total = try? object.int64("bytesToCopy") { drives[index].total = total }
        if drives[index].classic != "Transferring" { drives[index].rate = nil }
    }

    private func jobIndex(_ name: String) -> Int? { jobs.firstIndex { $0.name.lowercased() == name.lowercased() } }

    private mutating func driveIndex(_ job: String, _ driveId: String) -> Int {
        if jobIndex(job) == nil { jobs.append((job, JobLine())) }
        if let index = drives.firstIndex(where: { $0.job.lowercased() == job.lowercased() && $0.driveId == driveId }) {
            return index
        }
        drives.append(DriveLine(job: job, driveId: driveId))
        return drives.count - 1
    }

    private func clip(_ text: String, _ width: Int) -> String { text.count > width ? String(text.prefix(width)) : text }

    static func number(_ value: JSONInput?) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
