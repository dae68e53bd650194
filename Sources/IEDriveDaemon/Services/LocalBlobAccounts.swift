import IEDriveCopy
public import IEDriveCore
public import IEDriveServer
public import IEDriveStorageAccounts
public import IEDriveStore
import IEDriveSystem
import Synchronization

/// The storage accounts over the state database (names and sealed keys) and the local
/// directory target: account NAME's containers live in `<target>/NAME/` (created with the
/// account), its uncommitted blocks in `<target>/NAME/.iedrive/blocks/`.
public struct LocalBlobAccounts: BlobAccounts {
    public let store: StorageAccountStore
    public let targetRoot: String
    /// Set when the Blob endpoint listens.
    public let endpoint = BlobEndpointAddress()

    public init(store: StorageAccountStore, targetRoot: String) {
        self.store = store
        self.targetRoot = targetRoot
    }

    public func accountRoot(_ account: String) -> String { targetRoot + "/" + account }

    public func keys(of account: String) throws -> [StorageAccountKey]? {
        guard StorageAccountName.problem(account) == nil else { return nil }
        return try store.keys(of: account)
    }

    public func target(of account: String) -> any StorageTarget {
        try? SystemCall.mkdir(accountRoot(account), permissions: 0o750)
        return LocalDirectoryTarget(root: accountRoot(account))
    }

    public func blocks(of account: String) -> UncommittedBlocks {
        UncommittedBlocks(accountRoot: accountRoot(account))
    }

    /// The account's keys, creating it (and its directory) on first use.
    public func ensure(_ account: String) throws -> (keys: [StorageAccountKey], created: Bool) {
        let result = try store.ensure(account)
        try SystemCall.mkdir(accountRoot(account), permissions: 0o750)
        return result
    }
}

extension LocalBlobAccounts: StorageAccountDirectory {
    public func accountNames() throws -> [String] {
        try store.accounts().map(\.name)
    }

    public var blobEndpoint: String? { endpoint.value }
}

/// Where the Blob endpoint listens, once it does (port 0 takes a free one).
public final class BlobEndpointAddress: Sendable {
    private let state = Mutex<String?>(nil)

    public init() {}

    public var value: String? { state.withLock { $0 } }

    public func set(host: String, port: Int) {
        let shown = host.contains(":") ? "[\(host)]" : host
        state.withLock { $0 = "http://\(shown):\(port)" }
    }
}

/// A job's blobs go to the storage account its `storageAccountId` names (created on first use,
/// `<target>/NAME/`), where the Blob endpoint serves them; an id that names no valid account
/// keeps the target's root.
public struct AccountTargets: JobTargets {
    public let root: any StorageTarget
    public let accounts: LocalBlobAccounts

    public init(root: any StorageTarget, accounts: LocalBlobAccounts) {
        self.root = root
        self.accounts = accounts
    }

    public func target(for job: Job) throws -> any StorageTarget {
        guard let account = StorageAccountName.fromResourceId(job.storageAccountId) else { return root }
        _ = try accounts.ensure(account)
        return accounts.target(of: account)
    }
}
