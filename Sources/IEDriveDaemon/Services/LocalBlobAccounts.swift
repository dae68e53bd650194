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
