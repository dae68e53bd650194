import IEDriveAPI
import IEDriveCore

/// One job: its status, and its drives with state, failure state and reason, a progress bar,
/// bytes and links to the drive logs (`/iedrive/v1/jobs/{name}/drives/{driveId}/logs/{kind}`).
struct JobDetailView {
    var job: JobSummary
    /// Which drives have an error / verbose log (only those get links).
    var logs: [String: DriveLogLinks]
    var vocabulary: DashboardVocabulary

    var html: String {
        """
        <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <dl class="summary">
        <dt>Type</dt><dd>\(HTMLText.escape(job.type.rawValue))</dd>
        <dt>Status</dt><dd data-field="job-state">\(HTMLText.escape(vocabulary.jobState(job)))</dd>
        <dt>Percent complete</dt><dd data-field="job-percent">\(HTMLText.percent(job.percentComplete))</dd>
        <dt>Cancel requested</dt><dd>\(job.cancelRequested ? "Yes" : "No")</dd>
        \(job.faultReason.map { "<dt>Fault</dt><dd class=\"failure\">\(HTMLText.escape($0))</dd>" } ?? "")
        </dl>
        </section>
        <section aria-labelledby="drives-heading">
        <h2 id="drives-heading">Drives</h2>
        \(drivesTable)
        </section>
        """
    }

    private var drivesTable: String {
        guard !job.drives.isEmpty else { return "<p>This job lists no drives yet.</p>" }
        let rows = job.drives.map(row).joined(separator: "\n")
        return """
        <table id="drives">
        <caption>Drives of \(HTMLText.escape(job.name))</caption>
        <thead><tr><th scope="col">Drive ID</th><th scope="col">Status</th><th scope="col">Failure state</th>\
        <th scope="col">Failure reason</th><th scope="col">Progress</th><th scope="col">Copied</th>\
        <th scope="col">Logs</th></tr></thead>
        <tbody>
        \(rows)
        </tbody>
        </table>
        """
    }

    private func row(_ drive: DriveSummary) -> String {
        let id = HTMLText.escape(drive.driveId)
        let percent = drive.percentComplete ?? 0
        let failure = vocabulary.failureState(drive)
        return """
        <tr data-drive="\(id)">
        <th scope="row">\(id)</th>
        <td data-field="state">\(HTMLText.escape(vocabulary.driveState(drive)))</td>
        <td data-field="failure-state"\(failure == nil ? "" : " class=\"failure\"")>\(HTMLText.escape(failure ?? "—"))</td>
        <td data-field="failure-reason">\(HTMLText.escape(drive.failureReason ?? "—"))</td>
        <td><progress max="100" value="\(percent)" aria-label="Copy progress of drive \(id)">\(percent)%</progress> \
        <span data-field="percent" aria-live="polite">\(HTMLText.percent(drive.percentComplete))</span></td>
        <td data-field="bytes">\(bytes(drive))</td>
        <td>\(logLinks(drive.driveId))</td>
        </tr>
        """
    }

    private func bytes(_ drive: DriveSummary) -> String {
        guard let done = drive.bytesSucceeded else { return "—" }
        guard let total = drive.bytesToCopy, total > 0 else { return ByteCountText.text(done) }
        return "\(ByteCountText.text(done)) of \(ByteCountText.text(total))"
    }

    private func logLinks(_ driveId: String) -> String {
        let links = logs[driveId] ?? .none
        let base = "/iedrive/v1/jobs/\(HTMLText.pathSegment(job.name))/drives/\(HTMLText.pathSegment(driveId))/logs"
        var parts: [String] = []
        if links.errorLogUri != nil {
            parts.append("<a href=\"\(HTMLText.escape(base))/error\">Error log<span class=\"visually-hidden\"> of \(HTMLText.escape(driveId))</span></a>")
        }
        if links.verboseLogUri != nil {
            parts.append("<a href=\"\(HTMLText.escape(base))/verbose\">Verbose log<span class=\"visually-hidden\"> of \(HTMLText.escape(driveId))</span></a>")
        }
        return parts.isEmpty ? "—" : parts.joined(separator: " ")
    }
}
