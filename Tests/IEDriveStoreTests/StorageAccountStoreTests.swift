import Foundation
import GRDB
@testable import IEDriveStore
import IEDriveStorageAccounts
import Testing

@Suite("Storage accounts: created once, keys sealed, kept across restarts")
struct StorageAccountStoreTests {
    @Test("an account is created on first use with two keys, and the same keys come back after a reopen")
    func createdOnceKeptAcrossRestarts() throws {
        let scratch = try StoreScratch("accounts-roundtrip")
        defer { scratch.cleanup() }
        let (database, _) = try scratch.open()
        let accounts = StorageAccountStore(database: database, hostKey: try HostKey.loadOrCreate(path: scratch.hostKeyPath))
        #expect(try accounts.keys(of: "custdata") == nil)
        let first = try accounts.ensure("custdata")
        #expect(first.created)
        #expect(first.keys.count == 2 && first.keys[0] != first.keys[1])
        let again = try accounts.ensure("custdata")
        #expect(!again.created && again.keys == first.keys)
        _ = try accounts.ensure("other01")
        #expect(try accounts.accounts().map(\.name) == ["custdata", "other01"])

        let (reopenedDatabase, _) = try scratch.open()
        let reopened = StorageAccountStore(database: reopenedDatabase, hostKey: try HostKey.loadOrCreate(path: scratch.hostKeyPath))
        #expect(try reopened.keys(of: "custdata") == first.keys)
    }

    @Test("the database holds no key in the clear, and keys do not open under another host key or another name")
    func keysAreSealed() throws {
        let scratch = try StoreScratch("accounts-sealed")
        defer { scratch.cleanup() }
        let (database, _) = try scratch.open()
        let accounts = StorageAccountStore(database: database, hostKey: try HostKey.loadOrCreate(path: scratch.hostKeyPath))
        let keys = try accounts.ensure("custdata").keys
        try database.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let raw = try scratch.rawDatabaseBytes()
        for key in keys {
            #expect(raw.range(of: Data(key.bytes.prefix(16))) == nil)
            #expect(raw.range(of: Data(key.base64.utf8.prefix(16))) == nil)
        }
        let stranger = StorageAccountStore(database: database,
                                           hostKey: try HostKey.loadOrCreate(path: scratch.directory.file("keys/other.key")))
        #expect(throws: StorageAccountStoreError.cannotOpenKey(account: "custdata")) { try stranger.keys(of: "custdata") }
        // A sealed key moved to another account's row does not open there.
        _ = try accounts.ensure("moved")
        try database.pool.write { db in
            try db.execute(sql: "UPDATE storageAccount SET key1 = (SELECT key1 FROM storageAccount WHERE name = 'custdata') WHERE name = 'moved'")
        }
        #expect(throws: StorageAccountStoreError.cannotOpenKey(account: "moved")) { try accounts.keys(of: "moved") }
    }

    @Test("names that break Azure's rule are refused with the rule")
    func badNamesRefused() throws {
        let scratch = try StoreScratch("accounts-names")
        defer { scratch.cleanup() }
        let (database, _) = try scratch.open()
        let accounts = StorageAccountStore(database: database, hostKey: try HostKey.loadOrCreate(path: scratch.hostKeyPath))
        for bad in ["ab", "Cust", "cust-data", String(repeating: "a", count: 25)] {
            #expect(throws: StorageAccountStoreError.self) { try accounts.ensure(bad) }
        }
        #expect(try accounts.accounts().isEmpty)
    }
}
