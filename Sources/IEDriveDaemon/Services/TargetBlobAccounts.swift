import IEDriveCopy
public import IEDriveCore
import IEDriveS3Target
public import IEDriveServer
public import IEDriveStorageAccounts
public import IEDriveStore
import IEDriveSystem
import Synchronization

/// The storage accounts over the state database (names and sealed keys) and the daemon's
/// target: account NAME's containers live in the target's `NAME/` — `<directory>/NAME/` for a
/// local directory, keys `PREFIX/NAME/…` in an S3 bucket (``StorageTargets/account(_:of:)``).
/// Uncommitted blocks (Put Block before Put Block List) are files under `blocksRoot/NAME/`:
/// the account's own directory for a local target, the state directory for an object store.
public final class TargetBlobAccounts: BlobAccounts, Sendable {
    public let store: StorageAccountStore
    /// The daemon's target; each account is a part of it.
    public let root: any StorageTarget
    /// Where account NAME's uncommitted blocks go: `<blocksRoot>/NAME/.iedrive/blocks/`.
    public let blocksRoot: String
    /// Set when the Blob endpoint listens.
    public let endpoint = BlobEndpointAddress()
    /// Each account's target, opened once (an S3 target keeps what it is staging in memory).
    private let opened = Mutex<[String: any StorageTarget]>([:])

    public init(store: StorageAccountStore, root: any StorageTarget, blocksRoot: String) {
        self.store = store
        self.root = root
        self.blocksRoot = blocksRoot
    }

    public func keys(of account: String) throws -> [StorageAccountKey]? {
        guard StorageAccountName.problem(account) == nil else { return nil }
        return try store.keys(of: account)
    }

    public func target(of account: String) -> any StorageTarget {
        opened.withLock { opened in
            if let target = opened[account] { return target }
            if let local = root as? LocalDirectoryTarget {
                try? SystemCall.mkdir(local.root + "/" + account, permissions: 0o750)   // a known account's directory
            }
            let target = StorageTargets.account(account, of: root)
            opened[account] = target
            return target
        }
    }

    public func blocks(of account: String) -> UncommittedBlocks {
        UncommittedBlocks(accountRoot: blocksRoot + "/" + account)
    }

    /// The account's keys, creating it (and, in a local directory, its directory) on first use.
    public func ensure(_ account: String) throws -> (keys: [StorageAccountKey], created: Bool) {
        let result = try store.ensure(account)
        if let local = root as? LocalDirectoryTarget {
            try SystemCall.mkdir(local.root + "/" + account, permissions: 0o750)
        }
        return result
    }
}

extension TargetBlobAccounts: StorageAccountDirectory {
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

/// A job's blobs go to the storage account its `storageAccountId` names (created on first use),
/// where the Blob endpoint serves them; an id that names no valid account keeps the target's
/// root.
public struct AccountTargets: JobTargets {
    public let accounts: TargetBlobAccounts
    public var root: any StorageTarget { accounts.root }

    public init(accounts: TargetBlobAccounts) {
        self.accounts = accounts
    }

    public func target(for job: Job) throws -> any StorageTarget {
        guard let account = StorageAccountName.fromResourceId(job.storageAccountId) else { return root }
        _ = try accounts.ensure(account)
        return accounts.target(of: account)
    }
}
