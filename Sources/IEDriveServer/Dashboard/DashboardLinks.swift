import IEDriveAPI
import IEDriveCore

/// The query that keeps a dashboard link on one job when several scopes hold its name.
enum DashboardLinks {
    /// `subscriptionId=…&resourceGroup=…&`, each value percent-encoded, ready for more parameters.
    static func scopeQuery(_ scope: JobScope) -> String {
        "subscriptionId=\(URLPathSegment.encoded(scope.subscriptionId))&resourceGroup=\(URLPathSegment.encoded(scope.resourceGroup))&"
    }
}
