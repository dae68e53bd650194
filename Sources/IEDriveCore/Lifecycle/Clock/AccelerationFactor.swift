/// How many times faster than real time the accelerated clock runs, as an exact fraction
/// (`1.5` is 3/2) so that simulated deadlines fall on the same millisecond on every run.
public struct AccelerationFactor: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// `numerator / denominator`, reduced; nil unless both are positive.
    public init?(numerator: Int64, denominator: Int64 = 1) {
        guard numerator > 0, denominator > 0 else { return nil }
        let divisor = Self.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    /// A positive decimal: `60`, `1440`, `0.5`, `2.25`; at most 9 digits after the point.
    public init(parsing text: String) throws(AccelerationFactorParseError) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !text.isEmpty, !whole.isEmpty, isDigits(whole), isDigits(fraction),
              parts.count == 1 || !fraction.isEmpty else { throw .notADecimal(text) }
        guard fraction.count <= 9 else { throw .tooPrecise(text) }
        var denominator: Int64 = 1
        for _ in 0..<fraction.count { denominator *= 10 }
        guard let wholeValue = Int64(whole), let fractionValue = Int64(fraction.isEmpty ? "0" : fraction) else {
            throw .tooLarge(text)
        }
        let (scaled, overflowA) = wholeValue.multipliedReportingOverflow(by: denominator)
        let (numerator, overflowB) = scaled.addingReportingOverflow(fractionValue)
        guard !overflowA, !overflowB else { throw .tooLarge(text) }
        guard let factor = AccelerationFactor(numerator: numerator, denominator: denominator) else {
            throw .notPositive(text)
        }
        self = factor
    }

    /// `span × factor`, rounded down to the millisecond, saturating at `Int64.max`. Measures
    /// elapsed time, which is never negative: a negative span scales to zero.
    public func scale(_ span: TimeSpan) -> TimeSpan {
        guard span.milliseconds > 0 else { return .zero }
        let product = span.milliseconds.multipliedFullWidth(by: numerator)
        // product / denominator fits in Int64 exactly when product >> 63 is below the denominator.
        let topBits = UInt64(product.high) << 1 | product.low >> 63
        guard topBits < UInt64(denominator) else { return TimeSpan(milliseconds: .max) }
        return TimeSpan(milliseconds: denominator.dividingFullWidth(product).quotient)
    }

    /// `1440`, `0.5`, or `n/d` when the fraction is not a terminating decimal of ≤ 9 digits.
    public var description: String {
        if denominator == 1 { return String(numerator) }
        var power: Int64 = 1
        for digits in 1...9 {
            power *= 10
            if power % denominator == 0 {
                let (scaled, overflow) = numerator.multipliedReportingOverflow(by: power / denominator)
                if overflow { break }
                let fraction = String(scaled % power)
                let padded = String(repeating: "0", count: digits - fraction.count) + fraction
                var trimmed = Substring(padded)
                while trimmed.last == "0" { trimmed = trimmed.dropLast() }
                return "\(scaled / power).\(trimmed)"
            }
        }
        return "\(numerator)/\(denominator)"
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

/// Why an acceleration factor did not parse.
public enum AccelerationFactorParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case notADecimal(String)
    case notPositive(String)
    case tooPrecise(String)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .notADecimal(let text): "the factor '\(text)' is not a decimal number such as 60, 1440 or 0.5"
        case .notPositive(let text): "the factor '\(text)' must be greater than zero"
        case .tooPrecise(let text): "the factor '\(text)' has more than 9 digits after the point"
        case .tooLarge(let text): "the factor '\(text)' is too large"
        }
    }
}
