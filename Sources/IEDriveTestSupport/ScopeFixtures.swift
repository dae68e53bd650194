public import IEDriveCore

/// Scopes for tests: the one most tests keep their jobs in, and a second tenant beside it.
extension JobScope {
    /// The scope of single-tenant tests (the daemon's shipped default subscription).
    public static let fixture = JobScope(subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "iedrive")
    /// Another tenant: its own subscription and resource group.
    public static let otherTenant = JobScope(subscriptionId: "7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14", resourceGroup: "rg-Other")
}

extension JobKey {
    /// `name` in `JobScope.fixture`.
    public static func fixture(_ name: String) -> JobKey { JobKey(scope: .fixture, name: name) }
}
