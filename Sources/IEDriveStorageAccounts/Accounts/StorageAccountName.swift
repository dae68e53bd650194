/// Azure's rule for storage account names: 3 to 24 characters, lower-case letters and digits
/// only. Names are unique across the whole service; a job's `storageAccountId` names its
/// account by its last segment.
public enum StorageAccountName {
    /// Why `name` cannot be a storage account name, or nil when it can.
    public static func problem(_ name: String) -> String? {
        guard (3...24).contains(name.utf8.count) else {
            return "a storage account name has 3 to 24 characters; '\(name.prefix(40))' has \(name.count)"
        }
        guard name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }) else {
            return "a storage account name has lower-case letters and digits only: '\(name)'"
        }
        return nil
    }

    /// The account a `storageAccountId` names
    /// (`/subscriptions/S/resourceGroups/G/providers/Microsoft.Storage/storageAccounts/NAME`,
    /// the provider and type compared without case as ARM does); nil when it is not such an id
    /// or the name breaks the rule.
    public static func fromResourceId(_ id: String) -> String? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 9, parts[0].isEmpty, parts[1].lowercased() == "subscriptions", !parts[2].isEmpty,
              parts[3].lowercased() == "resourcegroups", !parts[4].isEmpty, parts[5].lowercased() == "providers",
              parts[6].lowercased() == "microsoft.storage", parts[7].lowercased() == "storageaccounts" else {
            return nil
        }
        let name = String(parts[8])
        return problem(name) == nil ? name : nil
    }
}
