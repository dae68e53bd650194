import Foundation
import IEDriveCore

/// The blob-list entries seen so far, for PreviewExport's count of "duplicate blob
/// paths/prefixes" (blob-list.md §4, §7), in a fixed memory bound and without keeping the
/// entries. Duplicates do not make a list invalid (a blob selected several times is exported
/// once), so the verdict never depends on this set; only the count it reports does.
///
/// Each entry is hashed to 64 bits (SipHash under the process's random seed): 10 bits choose one
/// of 1,024 shards, 12 bits the home slot in the shard's open-addressing table, and the low 32
/// bits are stored there (0 marks an empty slot).
///
/// Memory: 4 bytes a slot; a shard's table takes memory (its pages, mapped on first write) once
/// an entry falls in it, and the tables together hold `capacity` entries at most about 3/4 full: 1,024 ×
/// 4,096 slots, 16 MiB, for the 3,000,000 entries of `BlobListLimits.standard` (a list of a few
/// hundred entries touches a few MiB).
///
/// Exactness: a new entry is called a duplicate when a slot on its probe path holds the same 32
/// bits. Over a list of n distinct entries that happens about (occupied slots probed) / 2³²
/// times: one spurious duplicate in about 1,000 lists of 3,000,000 distinct entries (1.25 slots
/// probed an insert on average), in about 3,000,000 lists of 100,000. Since the seed is random per process, nobody can build such a pair, or a run of
/// entries that crowds one shard, on purpose. Shards fill evenly (at the limit 2,930 entries of
/// 4,096 slots on average, σ ≈ 54); one that reached 15/16 would record no more entries and
/// turn `isExact` false, making the count a lower bound — 17 σ away, never seen.
struct BlobListDigestSet: Sendable {
    static let shardBits = 10
    static let shardCount = 1 << shardBits

    /// Every shard's table in one zeroed allocation (`calloc`): the kernel maps its pages on
    /// first write, so a shard nobody used takes no memory, and an insert is one index
    /// computation away from its slot.
    private final class Table: @unchecked Sendable {
        let slots: UnsafeMutablePointer<UInt32>
        let count: Int
        var perShard: [Int]

        init(count: Int) {
            self.count = count
            guard let memory = calloc(count, MemoryLayout<UInt32>.size) else { fatalError("cannot allocate the duplicate set") }
            slots = memory.assumingMemoryBound(to: UInt32.self)
            perShard = Array(repeating: 0, count: BlobListDigestSet.shardCount)
        }

        func copy() -> Table {
            let copy = Table(count: count)
            copy.slots.update(from: slots, count: count)
            copy.perShard = perShard
            return copy
        }

        deinit { free(slots) }
    }

    private var table: Table
    /// Slots per shard (a power of two).
    let shardSlots: Int
    /// False once a digest could not be recorded (see above).
    private(set) var isExact = true

    /// A set for up to `capacity` entries.
    init(capacity: Int) {
        let wanted = (max(capacity, 1) * 4 / 3 + Self.shardCount - 1) / Self.shardCount
        var slots = 16
        while slots < wanted { slots *= 2 }
        shardSlots = slots
        table = Table(count: slots * Self.shardCount)
    }

    /// The most memory the tables can take.
    var maxMemoryBytes: Int { shardSlots * Self.shardCount * MemoryLayout<UInt32>.size }
    /// What the tables take now: the shards written to.
    var memoryBytes: Int { table.perShard.reduce(0) { $0 + ($1 > 0 ? shardSlots : 0) } * MemoryLayout<UInt32>.size }

    /// Adds `digest`; false when it was (as far as 32 bits tell, see above) already there.
    mutating func insert(_ digest: UInt64) -> Bool {
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        let shard = Int(truncatingIfNeeded: digest >> UInt64(64 - Self.shardBits))
        let fingerprint = UInt32(truncatingIfNeeded: digest) | (UInt32(truncatingIfNeeded: digest) == 0 ? 1 : 0)
        let held = table.perShard[shard]
        if (held + 1) * 16 > shardSlots * 15 {
            isExact = false
            return true
        }
        let slots = table.slots + shard * shardSlots
        let mask = shardSlots - 1
        var index = Int(truncatingIfNeeded: digest >> 32) & mask
        while true {
            let value = slots[index]
            if value == 0 {
                slots[index] = fingerprint
                table.perShard[shard] = held + 1
                return true
            }
            if value == fingerprint { return false }
            index = (index + 1) & mask
        }
    }

    /// The digest of an entry: its kind, its text as UTF-8 (Azure compares names code point by
    /// code point, so canonically equivalent spellings are different blobs, unlike Swift's
    /// `String` equality) and, for a blob path, its snapshot choice. A blob path's text is
    /// `container/name`, without the leading `/` the list may give it.
    static func digest(of entry: BlobListEntry) -> UInt64 {
        switch entry {
        case .path(let selected):
            var text = selected.path.text
            return text.withUTF8 { digest(isPrefix: false, UnsafeRawBufferPointer($0), snapshots: selected.snapshots) }
        case .prefix(let prefix):
            var text = prefix.text
            return text.withUTF8 { digest(isPrefix: true, UnsafeRawBufferPointer($0), snapshots: nil) }
        }
    }

    static func digest(isPrefix: Bool, _ text: UnsafeRawBufferPointer, snapshots: SnapshotSelection?) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(isPrefix)
        hasher.combine(text.count)
        hasher.combine(bytes: text)
        switch snapshots {
        case nil, .baseAndSnapshots?: hasher.combine(0 as UInt8)
        case .baseOnly?: hasher.combine(1 as UInt8)
        case .only(let time)?:
            hasher.combine(2 as UInt8)
            hasher.combine(time.text)
        }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
