/// The job's managed identity (`identity`, rest-api.md §2.7; 2020-08-01+). The API layer makes
/// the GUIDs when a client asks for `SystemAssigned`.
public struct JobIdentity: Sendable, Hashable, Codable {
    public var type: IdentityType
    /// Read-only.
    public var principalId: String?
    /// Read-only.
    public var tenantId: String?

    public init(type: IdentityType = .none, principalId: String? = nil, tenantId: String? = nil) {
        self.type = type
        self.principalId = principalId
        self.tenantId = tenantId
    }
}

/// `IdentityType`.
public enum IdentityType: String, Sendable, Hashable, CaseIterable, Codable {
    case none = "None"
    case systemAssigned = "SystemAssigned"
    case userAssigned = "UserAssigned"
}
