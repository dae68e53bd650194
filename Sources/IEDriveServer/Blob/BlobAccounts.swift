public import IEDriveCore
public import IEDriveStorageAccounts

/// The storage accounts the Blob endpoint serves: their keys, and where each one's containers
/// and blobs live (a target per account, under the daemon's target) and its uncommitted blocks.
public protocol BlobAccounts: Sendable {
    /// The account's keys; nil when there is no such account.
    func keys(of account: String) throws -> [StorageAccountKey]?
    func target(of account: String) -> any StorageTarget
    func blocks(of account: String) -> UncommittedBlocks
}
