import IEDriveSystem

/// Times as Azure reports blob properties: `Last-Modified` in RFC 1123 form
/// (`Tue, 14 Jan 2020 08:30:00 GMT`, metadata-properties.md §2) and an `Etag` of the `0x…` form.
enum HTTPDate {
    /// RFC 1123 text of a time given in nanoseconds since the Unix epoch, in GMT.
    static func rfc1123(nanoseconds: Int64) -> String {
        let time = UTCTime(secondsSinceEpoch: nanoseconds / 1_000_000_000)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[time.weekday]), \(two(time.day)) \(months[time.month - 1]) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) GMT"
    }

    /// `0x` and the upper-case hex of the time in 100 ns ticks since 1601 (Windows FILETIME,
    /// which Azure's ETags resemble): changes whenever a blob is published again.
    static func etag(nanoseconds: Int64) -> String {
        let ticks = UInt64(nanoseconds / 100) &+ 116_444_736_000_000_000
        return "0x" + String(ticks, radix: 16, uppercase: true)
    }

    /// Nanoseconds since the Unix epoch, now.
    static func now() -> Int64 {
        SystemClock.realtimeNanoseconds()
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
