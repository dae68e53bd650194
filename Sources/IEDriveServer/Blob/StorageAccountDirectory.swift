public import IEDriveStorageAccounts

/// The storage accounts as the control routes see them: create on first use, list.
public protocol StorageAccountDirectory: BlobAccounts {
    /// The account's keys, creating the account on first use; `created` says which.
    func ensure(_ account: String) throws -> (keys: [StorageAccountKey], created: Bool)
    /// Every account's name, sorted.
    func accountNames() throws -> [String]
    /// `http://HOST:PORT` of the Blob endpoint, once it listens; nil when it is off.
    var blobEndpoint: String? { get }
}
