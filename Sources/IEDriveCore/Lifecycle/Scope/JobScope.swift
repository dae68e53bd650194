/// The ARM scope a job lives in: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}`.
/// Kept as the creating PUT spelled it (the resource's `id` echoes it); two scopes are the same
/// when they differ only in the case of ASCII letters, as ARM (and SQLite's `NOCASE`) compares.
public struct JobScope: Sendable, Codable, CustomStringConvertible {
    public var subscriptionId: String
    public var resourceGroup: String

    public init(subscriptionId: String, resourceGroup: String) {
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
    }

    /// `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}`.
    public var description: String { "/subscriptions/\(subscriptionId)/resourceGroups/\(resourceGroup)" }

    /// Whether the scope lies in `subscriptionId` (ASCII case ignored).
    public func isIn(subscription subscriptionId: String) -> Bool {
        ASCIICaseless.equal(self.subscriptionId, subscriptionId)
    }
}

extension JobScope: Hashable {
    public static func == (a: JobScope, b: JobScope) -> Bool {
        ASCIICaseless.equal(a.subscriptionId, b.subscriptionId) && ASCIICaseless.equal(a.resourceGroup, b.resourceGroup)
    }

    public func hash(into hasher: inout Hasher) {
        ASCIICaseless.hash(subscriptionId, into: &hasher)
        ASCIICaseless.hash(resourceGroup, into: &hasher)
    }
}
