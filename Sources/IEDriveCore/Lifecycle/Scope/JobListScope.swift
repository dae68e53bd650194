/// Which jobs a listing covers: every job (the daemon's own faces), one subscription's (across
/// its resource groups, ARM `Jobs_ListBySubscription`) or one resource group's
/// (`Jobs_ListByResourceGroup`). Scopes compare with ASCII case ignored.
public enum JobListScope: Sendable, Hashable {
    case all
    case subscription(String)
    case resourceGroup(JobScope)

    public func contains(_ scope: JobScope) -> Bool {
        switch self {
        case .all: true
        case .subscription(let id): scope.isIn(subscription: id)
        case .resourceGroup(let group): scope == group
        }
    }
}
