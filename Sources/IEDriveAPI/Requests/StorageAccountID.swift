import IEDriveCore

/// The shape of `properties.storageAccountId` (rest-api.md §3.1 rule 2): an ARM ID of a
/// `Microsoft.Storage` or `Microsoft.ClassicStorage` storage account.
public enum StorageAccountID {
    /// Whether `id` is `/subscriptions/{sub}/resourceGroups/{rg}/providers/{Microsoft.Storage|
    /// Microsoft.ClassicStorage}/storageAccounts/{name}` (fixed words in any case).
    /// Fixed words in any ASCII case; the named segments hold no Unicode White_Space. Read
    /// scalar by scalar (a `/` followed by a combining mark still separates).
    public static func isWellFormed(_ id: String) -> Bool {
        let parts = id.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).map { String($0) }
        guard parts.count == 9, parts[0].isEmpty else { return false }
        let fixed = [(1, "subscriptions"), (3, "resourcegroups"), (5, "providers"), (7, "storageaccounts")]
        guard fixed.allSatisfy({ ASCIICaseless.equal(parts[$0.0], $0.1) }) else { return false }
        guard ["microsoft.storage", "microsoft.classicstorage"].contains(where: { ASCIICaseless.equal(parts[6], $0) }) else {
            return false
        }
        return [2, 4, 8].allSatisfy { !parts[$0].isEmpty && !parts[$0].unicodeScalars.contains(where: \.properties.isWhitespace) }
    }

    /// The account name, the last segment (`contosodata`), when the ID is well formed.
    public static func accountName(_ id: String) -> String? {
        isWellFormed(id) ? id.unicodeScalars.split(separator: "/").last.map { String($0) } : nil
    }
}
