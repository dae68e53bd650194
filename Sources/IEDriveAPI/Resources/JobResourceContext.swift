/// Where a job lives in ARM: the job record holds neither its subscription nor its resource
/// group, so the daemon supplies them when it serves a job.
public struct JobResourceContext: Sendable, Hashable {
    public var subscriptionId: String
    public var resourceGroup: String

    public init(subscriptionId: String, resourceGroup: String) {
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{name}`.
    public func jobID(_ name: String) -> String {
        "/subscriptions/\(subscriptionId)/resourceGroups/\(resourceGroup)/providers/\(Self.jobType)/\(name)"
    }

    /// The resource `type`.
    public static let jobType = "Microsoft.ImportExport/jobs"
}
