/// Reading typed values out of element text and attributes (drive-manifest.md §3).
enum ManifestText {
    /// `text` without leading and trailing XML white space. Typed values (integers, hashes,
    /// versions, dispositions) are read this way, as XML Schema's `collapse` would; names and
    /// paths are not, because white space can be part of them.
    static func trimmed(_ text: String) -> Substring {
        let utf8 = text.utf8
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return text[start..<end]
    }

    /// A decimal, non-negative 64-bit integer: digits only, no sign, no separators (§3).
    static func uint64(_ text: String) -> UInt64? {
        let digits = trimmed(text)
        guard !digits.isEmpty, digits.utf8.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits.utf8 {
            guard (48...57).contains(byte) else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 48))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    /// `YYYY-MM-DD` with a real month and day (§2 `@Version`).
    static func isVersion(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return false }
        let digitsOK = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { (48...57).contains(bytes[$0]) }
        guard digitsOK else { return false }
        let month = Int(bytes[5] - 48) * 10 + Int(bytes[6] - 48)
        let day = Int(bytes[8] - 48) * 10 + Int(bytes[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    static func isWhitespace(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    }
}
