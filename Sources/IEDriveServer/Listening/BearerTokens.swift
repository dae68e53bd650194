/// `api.tokens`: the bearer tokens the TCP API accepts. Descriptions never show them.
public struct BearerTokens: Sendable, Hashable, CustomStringConvertible {
    private let values: [[UInt8]]

    public init(_ tokens: [String]) {
        values = tokens.map { Array($0.utf8) }
    }

    public var isEmpty: Bool { values.isEmpty }
    public var count: Int { values.count }

    /// Whether `presented` is one of the tokens. Every token is compared over its whole
    /// length whatever matched, so the time taken says nothing about how close a guess was.
    public func accepts(_ presented: String) -> Bool {
        let candidate = Array(presented.utf8)
        var matched = false
        for token in values {
            var difference: UInt8 = token.count == candidate.count ? 0 : 1
            for index in 0..<token.count {
                difference |= token[index] ^ (index < candidate.count ? candidate[index] : 0)
            }
            if difference == 0 && !token.isEmpty { matched = true }
        }
        return matched
    }

    public var description: String { "\(values.count) bearer token(s)" }
}
