/// Which fields a response carries across api-versions (rest-api.md §5).
public enum ResponseFieldPolicy: String, Sendable, Hashable, CaseIterable {
    /// Each version gets its own swagger's fields: 2016-11-01 has no `identity`, `systemData`,
    /// `encryptionKey`, `additionalInformation` (default).
    case perVersion
    /// Every version gets the newest superset (§5's suggestion; clients ignore unknown fields).
    case superset
}
