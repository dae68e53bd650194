import Glibc

/// The clocks (`clock_gettime(2)`, which cannot fail on these clocks) and sleeping.
public enum SystemClock {
    /// `CLOCK_MONOTONIC` in nanoseconds: for durations; stops while the machine sleeps.
    public static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// `CLOCK_REALTIME`: nanoseconds since the Unix epoch.
    public static func realtimeNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Blocks the calling thread for `microseconds` (`usleep(3)`). Not for tasks: use
    /// `Task.sleep` there.
    public static func sleep(microseconds: UInt32) {
        _ = usleep(microseconds)
    }
}

/// A time of day in UTC, broken down (`gmtime_r(3)`).
public struct UTCTime: Sendable, Hashable {
    public var year: Int
    /// 1…12.
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 (Sunday) … 6.
    public var weekday: Int

    public init(secondsSinceEpoch: Int64) {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
        weekday = Int(parts.tm_wday)
    }
}
