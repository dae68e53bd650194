/// The set of blob paths seen so far, for the duplicate-`BlobPath` rule, without keeping the
/// paths: each path is reduced to a 128-bit fingerprint (two SipHash values under the process's
/// random seed, domain-separated) in an open-addressing table.
///
/// Memory: 16 bytes per slot, at most 3/4 full before the table doubles, so 21–43 bytes per
/// blob (32 MiB for 1,000,000 blobs, 2²¹ slots), plus the old table for the moment of a resize.
/// Keeping the strings instead would cost the path length plus ~40 bytes per blob.
///
/// Trade-off: two different paths could share a fingerprint and be called duplicates. With
/// 128 bits the chance for n paths is about n²/2¹²⁹ (10⁻²⁷ for a million), and because the seed
/// is random per process nobody can build such a pair on purpose.
struct BlobPathSet {
    private var slots: [UInt64] = []   // pairs: slots[2i], slots[2i+1]; (0, 0) = empty
    private(set) var count = 0

    /// Adds `path`; false when it was already there.
    mutating func insert(_ path: String) -> Bool {
        var (high, low) = Self.fingerprint(path)
        if high == 0 && low == 0 { low = 1 }  // (0, 0) marks an empty slot
        if (count + 1) * 4 > capacity * 3 { grow() }
        return place(high, low)
    }

    var capacity: Int { slots.count / 2 }
    var memoryBytes: Int { slots.count * MemoryLayout<UInt64>.size }

    private mutating func place(_ high: UInt64, _ low: UInt64) -> Bool {
        let mask = capacity - 1
        var index = Int(truncatingIfNeeded: low) & mask
        while true {
            let h = slots[2 * index], l = slots[2 * index + 1]
            if h == 0 && l == 0 {
                slots[2 * index] = high
                slots[2 * index + 1] = low
                count += 1
                return true
            }
            if h == high && l == low { return false }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: max(2 * 1_024, old.count * 2))
        count = 0
        var index = 0
        while index < old.count {
            if old[index] != 0 || old[index + 1] != 0 { _ = place(old[index], old[index + 1]) }
            index += 2
        }
    }

    /// Hashes the UTF-8 bytes, not the `String`: Swift strings hash canonically equivalent texts
    /// alike, but Azure names are compared code point by code point.
    private static func fingerprint(_ path: String) -> (UInt64, UInt64) {
        var first = Hasher()
        var second = Hasher()
        first.combine(1 as UInt8)
        second.combine(2 as UInt8)
        var text = path
        text.withUTF8 { bytes in
            first.combine(bytes: UnsafeRawBufferPointer(bytes))
            second.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        return (UInt64(bitPattern: Int64(first.finalize())), UInt64(bitPattern: Int64(second.finalize())))
    }
}
