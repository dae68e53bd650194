/// Comparing API words (names, vocabulary values, fixed path words) without regard to the case
/// of ASCII letters, and nothing else: no Unicode case mapping or canonical equivalence, so
/// U+212A KELVIN SIGN is not `k`. That is what a schema pattern like `[Kk]` states, so the
/// OpenAPI document can state these rules exactly; it is also SQLite's `COLLATE NOCASE`.
public enum ASCIICaseless {
    public static func equal(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { fold($0) == fold($1) }
    }

    /// Hashes `text` so that texts `equal` here hash alike.
    public static func hash(_ text: some StringProtocol, into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(fold(byte)) }
        hasher.combine(0xFF as UInt8)
    }

    /// `text` with A–Z lowered (a sort key that orders as SQLite's NOCASE does).
    public static func folded(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map(fold), as: UTF8.self)
    }

    /// `byte` with A–Z lowered.
    public static func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }
}
