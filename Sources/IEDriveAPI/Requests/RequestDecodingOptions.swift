/// How strictly request bodies are read. Defaults follow rest-api.md's suggestions.
public struct RequestDecodingOptions: Sendable, Hashable {
    public var limits: JSONLimits
    /// With `api-version=2016-11-01`, require all four `deliveryPackage` fields as the original
    /// swagger did (§5: "only when … a strict flag is on"). Default off.
    public var strictDeliveryPackage2016: Bool
    /// An export job's inline blob list (paths and prefixes, UTF-8 bytes) may not exceed this
    /// (§3.1 rule 5: "inline list ≤ 32 KB").
    public var maximumInlineBlobListBytes: Int

    public init(limits: JSONLimits = .default, strictDeliveryPackage2016: Bool = false,
                maximumInlineBlobListBytes: Int = 32 * 1024) {
        self.limits = limits
        self.strictDeliveryPackage2016 = strictDeliveryPackage2016
        self.maximumInlineBlobListBytes = maximumInlineBlobListBytes
    }
}
