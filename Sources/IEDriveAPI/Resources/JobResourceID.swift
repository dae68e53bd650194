public import IEDriveCore

/// A job's ARM identity as the API writes it: its `id` in the scope the creating PUT named
/// (spelled as that PUT spelled it), and its resource `type`.
public enum JobResourceID {
    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{name}`.
    public static func of(_ job: Job) -> String {
        "\(job.scope)/providers/\(jobType)/\(job.name)"
    }

    /// The resource `type`.
    public static let jobType = "Microsoft.ImportExport/jobs"
}
