/// Who made a request, for the resource's `systemData` (`createdBy`/`createdByType`,
/// `lastModifiedBy`/`lastModifiedByType`, rest-api.md §2.1).
public struct RequestActor: Sendable, Hashable, Codable {
    public var name: String
    public var type: ActorType

    public init(name: String, type: ActorType = .user) {
        self.name = name
        self.type = type
    }
}

/// ARM's `createdByType` values.
public enum ActorType: String, Sendable, Hashable, CaseIterable, Codable {
    case user = "User"
    case application = "Application"
    case managedIdentity = "ManagedIdentity"
    case key = "Key"
}
