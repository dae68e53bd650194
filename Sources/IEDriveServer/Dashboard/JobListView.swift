import IEDriveAPI

/// The job list (the portal's Import/Export tab): name, type, state, percent, drives.
struct JobListView {
    var jobs: [JobSummary]
    var vocabulary: DashboardVocabulary

    var html: String {
        guard !jobs.isEmpty else { return "<p>No jobs yet.</p>" }
        let rows = jobs.map { (job: JobSummary) -> String in
            let name = HTMLText.escape(job.name)
            let scope = job.scope.map(DashboardLinks.scopeQuery) ?? ""
            let link = "/jobs/\(HTMLText.escape(HTMLText.pathSegment(job.name)))?\(HTMLText.escape(scope))vocabulary=\(vocabulary.rawValue)"
            return """
            <tr data-job="\(name)" data-subscription="\(HTMLText.escape(job.scope?.subscriptionId ?? ""))" \
            data-resource-group="\(HTMLText.escape(job.scope?.resourceGroup ?? ""))">
            <th scope="row"><a href="\(link)">\(name)</a></th>
            <td>\(HTMLText.escape(job.type.rawValue))</td>
            <td data-field="state">\(HTMLText.escape(vocabulary.jobState(job)))</td>
            <td data-field="percent">\(HTMLText.percent(job.percentComplete))</td>
            <td>\(job.driveCount)</td>
            </tr>
            """
        }.joined(separator: "\n")
        return """
        <table id="jobs">
        <caption>Jobs, oldest first</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Status</th>\
        <th scope="col">Percent complete</th><th scope="col">Drives</th></tr></thead>
        <tbody>
        \(rows)
        </tbody>
        </table>
        """
    }
}
