import Crypto
import IEDriveStorageAccounts

/// Seals a storage account's key with the host key (AES-256-GCM), bound to the account's name
/// (the authenticated data), as drive recovery keys are (`RecoveryKeyCipher`): the database
/// alone never holds a usable key.
///
/// Sealed layout: one format byte (1), then nonce (12 bytes), ciphertext, tag (16 bytes).
struct StorageAccountKeyCipher: Sendable {
    private static let format: UInt8 = 1
    private let key: SymmetricKey

    init(hostKey: HostKey) {
        key = hostKey.key
    }

    func seal(_ accountKey: StorageAccountKey, account: String, slot: Int) throws -> [UInt8] {
        let box = try AES.GCM.seal(accountKey.bytes, using: key, authenticating: Self.authenticatedData(account, slot))
        guard let combined = box.combined else { throw StorageAccountStoreError.cannotOpenKey(account: account) }
        return [Self.format] + Array(combined)
    }

    func open(_ sealed: [UInt8], account: String, slot: Int) throws(StorageAccountStoreError) -> StorageAccountKey {
        do {
            guard sealed.first == Self.format else { throw StorageAccountStoreError.cannotOpenKey(account: account) }
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return StorageAccountKey(bytes: Array(try AES.GCM.open(box, using: key, authenticating: Self.authenticatedData(account, slot))))
        } catch {
            throw .cannotOpenKey(account: account)
        }
    }

    private static func authenticatedData(_ account: String, _ slot: Int) -> [UInt8] {
        Array("iedrive storage account key v1 \(slot) ".utf8) + Array(account.utf8)
    }
}
