/// Bounds on what the parser accepts, so an absurd body fails with a message instead of
/// exhausting memory or the stack. The HTTP layer has its own request size limit; these are
/// the last line. The API's documents nest at most six levels (`properties.export.blobList.
/// blobPath[]`).
public struct JSONLimits: Sendable, Hashable {
    /// Largest document, in bytes. Default 4 MiB (ten drives and a 32 KB inline blob list fit
    /// many times over).
    public var maximumBytes: Int
    /// Deepest nesting of arrays and objects. Default 32.
    public var maximumDepth: Int

    public init(maximumBytes: Int = 4 << 20, maximumDepth: Int = 32) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    public static let `default` = JSONLimits()
}
