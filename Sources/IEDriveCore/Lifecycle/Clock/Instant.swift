/// A point in simulated time: milliseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
/// The daemon owns the clock; everything here takes the instant as an argument.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch }

    /// Saturates at the ends of the range instead of trapping.
    public static func + (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(millisecondsSinceEpoch: Saturating.add(lhs.millisecondsSinceEpoch, rhs.milliseconds))
    }

    public static func - (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(millisecondsSinceEpoch: Saturating.subtract(lhs.millisecondsSinceEpoch, rhs.milliseconds))
    }

    /// The time from `rhs` to `lhs` (negative if `lhs` is earlier).
    public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        TimeSpan(milliseconds: Saturating.subtract(lhs.millisecondsSinceEpoch, rhs.millisecondsSinceEpoch))
    }

    /// ISO-8601 in UTC with milliseconds: `2024-06-03T09:12:44.521Z`.
    public var description: String { CivilTime(self).iso8601(fractionDigits: 3) }

    /// Coded as the bare number of milliseconds since the epoch (`1717405200000`): the stored
    /// job documents hold many instants, and this is the form the event table stores too.
    /// Also reads the first stored form, `{"millisecondsSinceEpoch": 1717405200000}`.
    public init(from decoder: any Decoder) throws {
        if let milliseconds = try? decoder.singleValueContainer().decode(Int64.self) {
            millisecondsSinceEpoch = milliseconds
        } else {
            millisecondsSinceEpoch = try decoder.container(keyedBy: FirstForm.self).decode(Int64.self, forKey: .millisecondsSinceEpoch)
        }
    }

    private enum FirstForm: String, CodingKey { case millisecondsSinceEpoch }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }
}
