/// The lag between the carrier delivering a package and the job becoming `Received`
/// (states.md §6 "Receiving lag": 1–3 business days, suggested default 1 business day).
public enum ReceiptLag: Sendable, Hashable, CustomStringConvertible {
    /// Whole business days (Monday–Friday, UTC, no holidays), keeping the time of day.
    case businessDays(Int)
    /// A plain span of simulated time (e.g. `0s` for tests and demos).
    case span(TimeSpan)

    public static let `default` = ReceiptLag.businessDays(1)

    /// When receiving finishes for a package delivered at `delivered`. Each business day moves
    /// to the next calendar day that is Monday–Friday: Friday 10:00 + 1 → Monday 10:00, and
    /// Saturday 10:00 + 1 → Monday 10:00.
    public func receiptInstant(deliveredAt delivered: Instant) -> Instant {
        switch self {
        case .span(let span):
            return delivered + span
        case .businessDays(let count):
            var instant = delivered
            var remaining = count
            while remaining > 0 {
                instant = instant + .days(1)
                if CivilTime(instant).weekday.isBusinessDay { remaining -= 1 }
            }
            return instant
        }
    }

    /// `1bd` for business days, otherwise the duration's spelling.
    public var description: String {
        switch self {
        case .businessDays(let count): "\(count)bd"
        case .span(let span): span.description
        }
    }

    /// `3bd` (business days) or any `TimeSpan` spelling (`36h`, `0s`).
    public init(parsing text: String) throws(TimeSpanParseError) {
        if text.hasSuffix("bd") {
            let digits = text.dropLast(2)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .expectedNumber(text: text, at: String(digits))
            }
            guard let count = Int(digits), count <= 100_000 else { throw .tooLarge(text: text) }
            self = .businessDays(count)
        } else {
            self = .span(try TimeSpan(parsing: text))
        }
    }
}
