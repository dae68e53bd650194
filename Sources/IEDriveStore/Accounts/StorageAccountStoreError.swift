/// Why the storage accounts could not be read or changed; names the account, never a key.
public enum StorageAccountStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidName(String, problem: String)
    case cannotOpenKey(account: String)
    case database(String)

    public var description: String {
        switch self {
        case .invalidName(_, let problem): problem
        case .cannotOpenKey(let account):
            "the stored keys of storage account \(account) do not open with this host key (was the state directory copied "
                + "without its host key?)"
        case .database(let message): "the storage accounts cannot be read or written: \(message)"
        }
    }
}
