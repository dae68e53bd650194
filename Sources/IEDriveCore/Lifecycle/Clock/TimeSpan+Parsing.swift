extension TimeSpan {
    /// Reads a duration: one or more `<digits><unit>` pairs with units `ms`, `s`, `m`
    /// (minutes), `h`, `d`, `w`, each unit at most once, no spaces, no sign: `14d`, `36h`,
    /// `90m`, `1w`, `1d12h`, `0s`. A bare number is refused: its unit would be a guess.
    public init(parsing text: String) throws(TimeSpanParseError) {
        guard !text.isEmpty else { throw .empty }
        var total: Int64 = 0
        var seen: Set<TimeUnit> = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { throw .expectedNumber(text: text, at: String(rest)) }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix(while: { $0.isASCII && $0.isLetter })
            guard !letters.isEmpty else { throw .missingUnit(text: text) }
            guard let unit = TimeUnit(rawValue: String(letters)) else {
                throw .unknownUnit(text: text, unit: String(letters))
            }
            guard seen.insert(unit).inserted else { throw .repeatedUnit(text: text, unit: unit.symbol) }
            rest = rest.dropFirst(letters.count)
            guard let count = Int64(digits) else { throw .tooLarge(text: text) }
            let (part, overflowA) = count.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflowB) = total.addingReportingOverflow(part)
            guard !overflowA, !overflowB else { throw .tooLarge(text: text) }
            total = sum
        }
        self.init(milliseconds: total)
    }
}

/// Why a duration did not parse. Each message shows the accepted shape.
public enum TimeSpanParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case expectedNumber(text: String, at: String)
    case missingUnit(text: String)
    case unknownUnit(text: String, unit: String)
    case repeatedUnit(text: String, unit: String)
    case tooLarge(text: String)

    public var description: String {
        let shape = "write a duration as numbers with units ms, s, m, h, d, w, e.g. 14d, 36h, 90m, 1w or 1d12h"
        return switch self {
        case .empty: "the duration is empty; \(shape)"
        case .expectedNumber(let text, let at): "'\(text)' is not a duration: expected a number at '\(at)'; \(shape)"
        case .missingUnit(let text): "'\(text)' has a number without a unit; \(shape)"
        case .unknownUnit(let text, let unit): "'\(text)' uses the unknown unit '\(unit)'; \(shape)"
        case .repeatedUnit(let text, let unit): "'\(text)' gives the unit '\(unit)' twice; \(shape)"
        case .tooLarge(let text): "'\(text)' is too long a duration to count in milliseconds"
        }
    }
}
