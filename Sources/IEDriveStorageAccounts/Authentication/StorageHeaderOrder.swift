/// The two orders in which clients sort the `x-ms-*` headers of a Shared Key string-to-sign.
///
/// Azure's REST reference says "lexicographically by header name"; Microsoft's SDKs instead
/// imitate the service's own culture-aware comparison, in which `-` (and `'`) do not count at
/// first, letters compare without case, and symbols come before digits, digits before letters.
/// The two differ as soon as a hyphen meets a letter at the same place (`x-ms-meta-a-c` sorts
/// before `x-ms-meta-ab` by bytes, after it for the service). A server verifying a signature
/// does not know which one its client used, so it tries both (`SharedKeyVerifier`).
public enum StorageHeaderOrder: Sendable, CaseIterable {
    /// Plain byte order of the lower-cased names.
    case bytes
    /// The service's comparison, as the official SDKs reproduce it.
    case service

    /// `names` (lower-case) in this order.
    public func sorted(_ names: [String]) -> [String] {
        switch self {
        case .bytes:
            return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        case .service:
            return names.sorted { Self.servicePrecedes($0, $1) }
        }
    }

    /// The service's comparison: first the characters that carry weight (hyphens and apostrophes
    /// skipped); when those are equal, the places of the skipped characters, one by one: where
    /// they first differ, the name whose skipped character comes later sorts first (as in
    /// Windows' word sort; a name without one there counts as later still); then bytes, so the
    /// order is total.
    static func servicePrecedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8.compactMap(weight), right = rhs.utf8.compactMap(weight)
        if left != right { return left.lexicographicallyPrecedes(right) }
        let leftSkipped = skippedPlaces(lhs), rightSkipped = skippedPlaces(rhs)
        for index in 0..<max(leftSkipped.count, rightSkipped.count) {
            let leftPlace = index < leftSkipped.count ? leftSkipped[index] : .max
            let rightPlace = index < rightSkipped.count ? rightSkipped[index] : .max
            if leftPlace != rightPlace { return leftPlace > rightPlace }
        }
        return Array(lhs.utf8).lexicographicallyPrecedes(Array(rhs.utf8))
    }

    /// Where the weightless characters are, in order.
    private static func skippedPlaces(_ name: String) -> [Int] {
        name.utf8.enumerated().compactMap { weight($0.element) == nil ? $0.offset : nil }
    }

    /// The primary weight of a header-name byte (RFC 9110 token characters), nil for the ones the
    /// comparison skips. Symbols first (in this order), then digits, then letters without case.
    static func weight(_ byte: UInt8) -> UInt16? {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "'"): return nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 0x100 + UInt16(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return 0x200 + UInt16(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 0x200 + UInt16(byte - UInt8(ascii: "A"))
        default:
            if let rank = symbolOrder.firstIndex(of: byte) { return UInt16(rank) }
            return 0x300 + UInt16(byte)   // not a token character: after everything, by byte
        }
    }

    /// Token symbols in the service's order.
    private static let symbolOrder: [UInt8] = Array("!#$%&*.^_`|~+".utf8)
}
