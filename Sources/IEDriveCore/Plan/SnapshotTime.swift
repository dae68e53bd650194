/// A blob snapshot identifier: ISO-8601 UTC as Azure writes it, `2023-06-01T10:15:30.1234567Z`
/// (drive-manifest.md §3 "DateTime"; blob-list.md §2 `SnapshotTime`). We accept 0–7 fraction
/// digits and keep the text as given, because Azure matches snapshots by that exact string.
public struct SnapshotTime: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == 90 /* Z */ else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
              let day = number(8..<10), bytes[10] == 84 /* T */, let hour = number(11..<13), bytes[13] == 58,
              let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19) else { return nil }
        guard year >= 1, (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        let rest = bytes[19..<(bytes.count - 1)]
        if !rest.isEmpty {
            guard rest.first == 46, (2...8).contains(rest.count),
                  rest.dropFirst().allSatisfy({ (48...57).contains($0) }) else { return nil }
        }
        self.text = text
    }

    public var description: String { text }
}

/// Gregorian calendar arithmetic for the few places that need it (snapshot times, log
/// timestamps), without Foundation.
enum CivilDate {
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian).
    static func fromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        // Shift to an era starting 0000-03-01 so that February, with its leap day, comes last.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
