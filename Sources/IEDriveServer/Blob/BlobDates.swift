import Foundation

/// Times in the forms the Blob service writes: RFC 1123 in `Date` and `Last-Modified`, ISO 8601
/// in error messages.
enum BlobDates {
    static func rfc1123Now() -> String { rfc1123(Date()) }

    static func rfc1123(_ date: Date) -> String {
        let calendar = Self.calendar
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
    }

    static func iso8601Now() -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date())
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.0000000Z", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// Seconds since the Unix epoch, now.
    static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        return calendar
    }
}
