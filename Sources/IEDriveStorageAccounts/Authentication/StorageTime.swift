/// The two time forms the Blob service reads in authentication: RFC 1123 in `x-ms-date` and
/// `Date` (`Mon, 07 Dec 2026 11:00:00 GMT`), and ISO 8601 UTC in a SAS's `st` and `se`
/// (`2026-12-08T08:00:00Z`, with optional fractional seconds, or a date alone). Both are read
/// as seconds since the Unix epoch; anything else is nil.
enum StorageTime {
    static func rfc1123(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else {
            return nil
        }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]) else { return nil }
        return seconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
    }

    static func iso8601(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        if bytes.count == 10 { return seconds(year: year, month: month, day: day, hour: 0, minute: 0, second: 0) }
        guard bytes.count >= 17, bytes[10] == 0x54, bytes[13] == 0x3A, bytes.last == 0x5A,
              let hour = number(11..<13), let minute = number(14..<16) else { return nil }
        var second = 0
        if bytes[16] == 0x3A {
            guard bytes.count >= 20, let whole = number(17..<19) else { return nil }
            second = whole
            if bytes.count > 20 {   // fractional seconds: `.` and digits, ignored
                guard bytes[19] == 0x2E, bytes.count > 21, number(20..<(bytes.count - 1)) != nil else { return nil }
            }
        } else if bytes.count != 17 {   // `…T08:00Z`
            return nil
        }
        return seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func seconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), (1970...9999).contains(year) else { return nil }
        // Days from the civil date (proleptic Gregorian), counted from 1970-01-01.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
