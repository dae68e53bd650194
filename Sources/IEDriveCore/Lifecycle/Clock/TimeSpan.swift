/// A length of simulated (or real) time in whole milliseconds. Never negative when parsed;
/// arithmetic saturates instead of trapping.
public struct TimeSpan: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static let zero = TimeSpan(milliseconds: 0)
    public static func milliseconds(_ count: Int64) -> TimeSpan { TimeSpan(milliseconds: count) }
    public static func seconds(_ count: Int64) -> TimeSpan { scaled(count, by: TimeUnit.second.milliseconds) }
    public static func minutes(_ count: Int64) -> TimeSpan { scaled(count, by: TimeUnit.minute.milliseconds) }
    public static func hours(_ count: Int64) -> TimeSpan { scaled(count, by: TimeUnit.hour.milliseconds) }
    public static func days(_ count: Int64) -> TimeSpan { scaled(count, by: TimeUnit.day.milliseconds) }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }
    public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        TimeSpan(milliseconds: Saturating.add(lhs.milliseconds, rhs.milliseconds))
    }
    public static func - (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        TimeSpan(milliseconds: Saturating.subtract(lhs.milliseconds, rhs.milliseconds))
    }

    /// The shortest spelling `TimeSpan(parsing:)` reads back: `14d`, `1d12h`, `1h30m`, `250ms`,
    /// `0s`. Weeks are written as days (`14d`, not `2w`), as the spec counts them.
    public var description: String {
        guard milliseconds != 0 else { return "0s" }
        var rest = milliseconds.magnitude
        var text = milliseconds < 0 ? "-" : ""
        for unit in [TimeUnit.day, .hour, .minute, .second, .millisecond] {
            let size = UInt64(unit.milliseconds)
            if rest >= size {
                text += "\(rest / size)\(unit.symbol)"
                rest %= size
            }
        }
        return text
    }

    /// Coded as the bare number of milliseconds (`86400000`).
    public init(from decoder: any Decoder) throws {
        milliseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(milliseconds)
    }

    private static func scaled(_ count: Int64, by factor: Int64) -> TimeSpan {
        TimeSpan(milliseconds: Saturating.multiply(count, factor))
    }
}

/// The units a duration may be written in (`14d`, `36h`, `90m`, `1w`, `30s`, `500ms`).
public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
    case millisecond = "ms"
    case second = "s"
    case minute = "m"
    case hour = "h"
    case day = "d"
    case week = "w"

    public var symbol: String { rawValue }

    public var milliseconds: Int64 {
        switch self {
        case .millisecond: 1
        case .second: 1_000
        case .minute: 60_000
        case .hour: 3_600_000
        case .day: 86_400_000
        case .week: 604_800_000
        }
    }
}

/// Int64 arithmetic that clamps at the bounds: a far-future deadline stays far in the future.
enum Saturating {
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    static func subtract(_ a: Int64, _ b: Int64) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : difference
    }

    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : product
    }
}
