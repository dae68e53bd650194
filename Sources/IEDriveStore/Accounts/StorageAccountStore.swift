import Foundation
import GRDB
public import IEDriveStorageAccounts
import IEDriveSystem

/// The storage accounts this daemon serves, on the state database: each has a name (unique
/// across the service, as in Azure) and two keys (`key1`, `key2`, as Azure gives every account),
/// sealed with the host key. Accounts are created on first use — by the first job naming one
/// in its `storageAccountId`, or by `iedrive storage connection-string NAME` — and never
/// silently replaced. Each call is one transaction.
public final class StorageAccountStore: Sendable {
    private let database: StateDatabase
    private let cipher: StorageAccountKeyCipher

    public init(database: StateDatabase, hostKey: HostKey) {
        self.database = database
        cipher = StorageAccountKeyCipher(hostKey: hostKey)
    }

    /// A served account: its name and when it was created.
    public struct Account: Sendable, Hashable {
        public var name: String
        public var createdAtMilliseconds: Int64
    }

    /// Every account, by name.
    public func accounts() throws(StorageAccountStoreError) -> [Account] {
        do {
            return try database.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT name, createdAt FROM storageAccount ORDER BY name").map {
                    Account(name: $0["name"], createdAtMilliseconds: $0["createdAt"])
                }
            }
        } catch {
            throw .database("\(error)")
        }
    }

    /// The keys of account `name` (key1, key2), nil when there is no such account.
    public func keys(of name: String) throws(StorageAccountStoreError) -> [StorageAccountKey]? {
        let row: Row?
        do {
            row = try database.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT key1, key2 FROM storageAccount WHERE name = ?", arguments: [name])
            }
        } catch {
            throw .database("\(error)")
        }
        guard let row else { return nil }
        let sealed: [[UInt8]] = [Array(row["key1"] as Data), Array(row["key2"] as Data)]
        var keys: [StorageAccountKey] = []
        for (slot, bytes) in sealed.enumerated() {
            keys.append(try cipher.open(bytes, account: name, slot: slot + 1))
        }
        return keys
    }

    /// The keys of account `name`, creating the account with two fresh keys if it does not
    /// exist; `created` says which. Refuses a name that breaks Azure's rule.
    public func ensure(_ name: String) throws(StorageAccountStoreError) -> (keys: [StorageAccountKey], created: Bool) {
        if let problem = StorageAccountName.problem(name) { throw .invalidName(name, problem: problem) }
        if let keys = try keys(of: name) { return (keys, false) }
        let fresh = [StorageAccountKey.generate(), StorageAccountKey.generate()]
        let inserted: Bool
        do {
            let key1 = Data(try cipher.seal(fresh[0], account: name, slot: 1))
            let key2 = Data(try cipher.seal(fresh[1], account: name, slot: 2))
            inserted = try database.pool.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO storageAccount (name, key1, key2, createdAt) VALUES (?, ?, ?, ?)",
                               arguments: [name, key1, key2, SystemClock.realtimeNanoseconds() / 1_000_000])
                return db.changesCount == 1
            }
        } catch let error as StorageAccountStoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
        if inserted { return (fresh, true) }
        // Another caller created it between the read and the insert: theirs stands.
        guard let keys = try keys(of: name) else { throw .database("storage account \(name) vanished while it was created") }
        return (keys, false)
    }
}
