@testable import IEDriveStorageAccounts
import Testing

/// Random header names (letters, digits, `-`, `_`, `.`), each list in the order
/// azure-storage-blob 12.31.1's `_storage_header_sort` put it (seed 20261207): the service
/// order must give the same from any starting order.
@Suite struct StorageHeaderOrderVectorTests {
    static let orderedBySDK: [[String]] = [
        ["x-ms-_.", "x-ms-_z00", "x-ms--9", "x-ms-bab", "x-ms-bz", "x-ms--z0a0"],
        ["x-ms-.za-.", "x-ms-_bzb", "x-ms-99a", "x-ms-a", "x-ms-b", "x-ms-zba0-"],
        ["x-ms-.", "x-ms-90-bz", "x-ms-a_", "x-ms-b_9", "x-ms-z_", "x-ms-z-zaz"],
        ["x-ms--", "x-ms-_._z", "x-ms-99", "x-ms---a9-", "x-ms-ab", "x-ms-z_.a"],
        ["x-ms--", "x-ms---", "x-ms-0za_-", "x-ms-9--", "x-ms-b", "x-ms-b-"],
        ["x-ms--", "x-ms-_", "x-ms-_-.9.", "x-ms-aabz", "x-ms-b", "x-ms-bb."],
        ["x-ms-.b.", "x-ms-.baa0", "x-ms-_", "x-ms-_a", "x-ms-b-", "x-ms-z9"],
        ["x-ms-_-", "x-ms-_9-90", "x-ms--_-b", "x-ms-09a.", "x-ms-a_bb", "x-ms-aa"],
        ["x-ms-.", "x-ms-.a", "x-ms-0", "x-ms-0_a-.", "x-ms-a0z-", "x-ms-bb00a"],
        ["x-ms--", "x-ms--0", "x-ms-aa_.", "x-ms-b9b", "x-ms-z_z_", "x-ms-za"],
        ["x-ms---._", "x-ms-_b", "x-ms-0bb", "x-ms-0z909", "x-ms--9", "x-ms-bz"],
        ["x-ms-_9", "x-ms-_9bb-", "x-ms-0__z", "x-ms-0-9b", "x-ms-9z9-", "x-ms-z"],
        ["x-ms--", "x-ms-0b.b", "x-ms-9a", "x-ms-a0zzz", "x-ms-b-09", "x-ms-z_aa"],
        ["x-ms--", "x-ms--_", "x-ms-00", "x-ms-9_za", "x-ms-a._-_", "x-ms-b9"],
        ["x-ms-0", "x-ms-000__", "x-ms-090bz", "x-ms--a--", "x-ms-bb", "x-ms-z"],
        ["x-ms-.0..0", "x-ms-_.", "x-ms-0bz.-", "x-ms-9-z-", "x-ms-a-0", "x-ms-zz-z"],
        ["x-ms--.", "x-ms-_9-", "x-ms-a", "x-ms-a._b", "x-ms-a9_.", "x-ms-zb._"],
        ["x-ms-.", "x-ms--._9", "x-ms-_9", "x-ms-00z", "x-ms-z0", "x-ms--z9"],
        ["x-ms-00", "x-ms-0a.bz", "x-ms-0bb", "x-ms-a", "x-ms-b-", "x-ms-z0.a"],
        ["x-ms-.a_a0", "x-ms-.b", "x-ms-_--", "x-ms-_0-", "x-ms-09", "x-ms-z_-"],
        ["x-ms-_.z", "x-ms-_b", "x-ms-9", "x-ms-9__.", "x-ms-9b.9", "x-ms-zb-a."],
        ["x-ms-.0", "x-ms-0b-", "x-ms--9", "x-ms-9_90", "x-ms-9-a", "x-ms-b.._b"],
        ["x-ms-.", "x-ms-.z.", "x-ms-0._.", "x-ms-0_0z", "x-ms-a_b--", "x-ms-b"],
        ["x-ms-.", "x-ms-_a", "x-ms-0b00_", "x-ms-a", "x-ms-z-", "x-ms-z_z"],
        ["x-ms-.a0", "x-ms-_-99", "x-ms-00_9b", "x-ms-9", "x-ms-90b-", "x-ms-z"],
        ["x-ms-.-", "x-ms--_a-", "x-ms-0", "x-ms-0z9.", "x-ms-b", "x-ms-zbbz"],
        ["x-ms-.0.-", "x-ms-.a.", "x-ms-.b_", "x-ms--a_0z", "x-ms-bab.", "x-ms-z-9"],
        ["x-ms-.a99_", "x-ms--0", "x-ms-9a_9-", "x-ms-9b9", "x-ms-aaaa.", "x-ms-bz"],
        ["x-ms-0__", "x-ms-0_999", "x-ms-00a__", "x-ms-a09", "x-ms-az", "x-ms-b09_"],
        ["x-ms-__bz-", "x-ms-0", "x-ms-9_90.", "x-ms-b_", "x-ms-b9b0.", "x-ms-zz-"],
        ["x-ms-..9", "x-ms-0aa", "x-ms--9", "x-ms-9-0", "x-ms-bz0", "x-ms-z"],
        ["x-ms-9_", "x-ms-9b", "x-ms-a_-9-", "x-ms-a9a", "x-ms-zaa_9", "x-ms---zz"],
        ["x-ms--.9", "x-ms-.z", "x-ms-a0z..", "x-ms-ba_", "x-ms-zaz9.", "x-ms-zb-0z"],
        ["x-ms--._-9", "x-ms-a90z", "x-ms-b-", "x-ms-bba", "x-ms-z9_9", "x-ms-z9b9"],
        ["x-ms-_0", "x-ms-90_9-", "x-ms-a0b", "x-ms-z", "x-ms--z9z-", "x-ms-zaz"],
        ["x-ms-.b0", "x-ms-.z-.b", "x-ms-9", "x-ms-9b0._", "x-ms-az0aa", "x-ms--z"],
        ["x-ms-.b", "x-ms-_", "x-ms-_-z", "x-ms-000.", "x-ms-9__0", "x-ms-b.za"],
        ["x-ms-.-z", "x-ms-0._9b", "x-ms-0z---", "x-ms-9_z", "x-ms-9b-_z", "x-ms-z._"],
        ["x-ms--", "x-ms-0", "x-ms-9", "x-ms-aza-", "x-ms-z..", "x-ms-za"],
        ["x-ms-.0", "x-ms-.ab", "x-ms-09", "x-ms-9", "x-ms-a0b", "x-ms--b_"],
    ]

    @Test func everyListSortsAsTheSDKSortsIt() {
        for expected in Self.orderedBySDK {
            #expect(StorageHeaderOrder.service.sorted(expected.reversed()) == expected)
            #expect(StorageHeaderOrder.service.sorted(expected.sorted()) == expected)
        }
    }
}
