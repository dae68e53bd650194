/// Comparing API words (names, vocabulary values, fixed path words) without regard to the case
/// of ASCII letters, and nothing else: no Unicode case mapping or canonical equivalence, so
/// U+212A KELVIN SIGN is not `k`. That is what a schema pattern like `[Kk]` states, so the
/// OpenAPI document can state these rules exactly.
public enum ASCIICaseless {
    public static func equal(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { fold($0) == fold($1) }
    }

    /// `byte` with A–Z lowered.
    public static func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }
}
