/// The proleptic-Gregorian UTC calendar fields of an `Instant`, computed without Foundation
/// (Howard Hinnant's `civil_from_days`). Used for business days and the API's date strings.
public struct CivilTime: Sendable, Hashable {
    public var year: Int64
    /// 1…12.
    public var month: Int
    /// 1…31.
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    public var weekday: Weekday

    public init(_ instant: Instant) {
        let ms = instant.millisecondsSinceEpoch
        let dayMs = TimeUnit.day.milliseconds
        let days = ms >= 0 ? ms / dayMs : (ms - dayMs + 1) / dayMs
        let msOfDay = Int(ms - days * dayMs)
        hour = msOfDay / 3_600_000
        minute = msOfDay / 60_000 % 60
        second = msOfDay / 1_000 % 60
        millisecond = msOfDay % 1_000
        weekday = Weekday(daysSinceEpoch: days)

        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `2024-06-03T09:12:44.5210000Z` with `fractionDigits` digits (ARM's `systemData` uses 7).
    public func iso8601(fractionDigits: Int = 7) -> String {
        var fraction = String(millisecond)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        if fractionDigits > 3 {
            fraction += String(repeating: "0", count: fractionDigits - 3)
        } else {
            fraction = String(fraction.prefix(max(0, fractionDigits)))
        }
        let date = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        let time = "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
        return "\(date)T\(time)\(fraction.isEmpty ? "" : ".\(fraction)")Z"
    }

    /// The US .NET style of the API's `shipDate` examples: `8/11/2017 9:05:00 PM`
    /// (rest-api.md §2.4, `M/d/yyyy h:mm:ss tt`).
    public var usShipDate: String {
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        let meridiem = hour < 12 ? "AM" : "PM"
        return "\(month)/\(day)/\(Self.pad(year, 4)) \(hour12):\(Self.pad(minute, 2)):\(Self.pad(second, 2)) \(meridiem)"
    }

    private static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Day of the week, UTC.
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// 1970-01-01 was a Thursday.
    init(daysSinceEpoch days: Int64) {
        let index = ((days + 4) % 7 + 7) % 7
        self = Weekday(rawValue: Int(index)) ?? .sunday
    }

    /// Monday to Friday; no holidays (states.md §6, "Business days").
    public var isBusinessDay: Bool { self != .saturday && self != .sunday }
}
