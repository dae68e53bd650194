/// The shape of `properties.storageAccountId` (rest-api.md §3.1 rule 2): an ARM ID of a
/// `Microsoft.Storage` or `Microsoft.ClassicStorage` storage account.
public enum StorageAccountID {
    /// Whether `id` is `/subscriptions/{sub}/resourceGroups/{rg}/providers/{Microsoft.Storage|
    /// Microsoft.ClassicStorage}/storageAccounts/{name}` (fixed words in any case).
    public static func isWellFormed(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 9, parts[0].isEmpty else { return false }
        let fixed = [(1, "subscriptions"), (3, "resourcegroups"), (5, "providers"), (7, "storageaccounts")]
        guard fixed.allSatisfy({ parts[$0.0].lowercased() == $0.1 }) else { return false }
        guard ["microsoft.storage", "microsoft.classicstorage"].contains(parts[6].lowercased()) else { return false }
        return [2, 4, 8].allSatisfy { !parts[$0].isEmpty && !parts[$0].contains(where: \.isWhitespace) }
    }

    /// The account name, the last segment (`contosodata`), when the ID is well formed.
    public static func accountName(_ id: String) -> String? {
        isWellFormed(id) ? id.split(separator: "/").last.map(String.init) : nil
    }
}
