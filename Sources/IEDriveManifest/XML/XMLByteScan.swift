/// Word-at-a-time scans over bytes the reader holds: eight bytes per step where the common
/// case (plain ASCII, no delimiter) needs no per-byte decision. Each answers exactly what the
/// plain byte loop it replaces answers.
enum XMLByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `index`, first byte lowest.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
    }

    /// Index of the first `target` in `bytes[from..<end]`, or nil.
    static func first(_ target: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int? {
        var index = from
        let pattern = UInt64(target) &* ones
        while index + 8 <= end {
            let word = word(bytes, at: index) ^ pattern
            // A zero byte of `word` is a `target` byte; the lowest flagged byte is always a true
            // one (a false flag can only follow a true one, through the borrow).
            let zero = (word &- ones) & ~word & highs
            if zero != 0 { return index + zero.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < end {
            if bytes[index] == target { return index }
            index += 1
        }
        return nil
    }

    /// Whether the eight bytes at `index` are all printable ASCII or DEL (0x20–0x7F): each one
    /// character, one column, no line end, all XML `Char`s.
    @inline(__always)
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let word = word(bytes, at: index)
        // No high bit set, and no byte below 0x20 (exact once no high bit is set).
        return word & highs == 0 && (word &- 0x20 &* ones) & ~word & highs == 0
    }
}

extension XMLByteScan {
    /// Whether none of the eight bytes at `index` is `a`, `b` or `c`.
    @inline(__always)
    static func hasNone(of a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let word = word(bytes, at: index)
        return !hasZeroByte(word ^ (UInt64(a) &* ones)) && !hasZeroByte(word ^ (UInt64(b) &* ones))
            && !hasZeroByte(word ^ (UInt64(c) &* ones))
    }

    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }
}
