import IEDriveCore

extension JobScope {
    /// The scope the lifecycle fixtures create their jobs in.
    static let fixture = JobScope(subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "iedrive")
}
