import IEDriveCore
import Testing

@Suite struct DurationParsingTests {
    @Test func specExamples() throws {
        #expect(try TimeSpan(parsing: "14d").milliseconds == 1_209_600_000)
        #expect(try TimeSpan(parsing: "36h").milliseconds == 129_600_000)
        #expect(try TimeSpan(parsing: "90m").milliseconds == 5_400_000)
        #expect(try TimeSpan(parsing: "1w").milliseconds == 604_800_000)
        #expect(try TimeSpan(parsing: "90d") == .days(90))
        #expect(try TimeSpan(parsing: "30s") == .seconds(30))
        #expect(try TimeSpan(parsing: "250ms") == .milliseconds(250))
        #expect(try TimeSpan(parsing: "0s") == .zero)
    }

    @Test func compoundDurations() throws {
        #expect(try TimeSpan(parsing: "1d12h") == .hours(36))
        #expect(try TimeSpan(parsing: "1w2d") == .days(9))
        #expect(try TimeSpan(parsing: "1h30m15s500ms").milliseconds == 5_415_500)
    }

    @Test func refusesWhatIsNotADuration() {
        #expect(throws: TimeSpanParseError.empty) { try TimeSpan(parsing: "") }
        #expect(throws: TimeSpanParseError.missingUnit(text: "14")) { try TimeSpan(parsing: "14") }
        #expect(throws: TimeSpanParseError.unknownUnit(text: "2y", unit: "y")) { try TimeSpan(parsing: "2y") }
        #expect(throws: TimeSpanParseError.unknownUnit(text: "14D", unit: "D")) { try TimeSpan(parsing: "14D") }
        #expect(throws: TimeSpanParseError.repeatedUnit(text: "1d1d", unit: "d")) { try TimeSpan(parsing: "1d1d") }
        #expect(throws: TimeSpanParseError.expectedNumber(text: "-1d", at: "-1d")) { try TimeSpan(parsing: "-1d") }
        #expect(throws: TimeSpanParseError.expectedNumber(text: "d", at: "d")) { try TimeSpan(parsing: "d") }
        #expect(throws: TimeSpanParseError.missingUnit(text: "1 d")) { try TimeSpan(parsing: "1 d") }
        #expect(throws: TimeSpanParseError.expectedNumber(text: "1d 2h", at: " 2h")) { try TimeSpan(parsing: "1d 2h") }
        #expect(throws: TimeSpanParseError.tooLarge(text: "99999999999999w")) { try TimeSpan(parsing: "99999999999999w") }
        #expect(throws: TimeSpanParseError.tooLarge(text: "99999999999999999999s")) {
            try TimeSpan(parsing: "99999999999999999999s")
        }
    }

    @Test func descriptionReadsBack() throws {
        #expect(TimeSpan.days(14).description == "14d")
        #expect(TimeSpan.minutes(90).description == "1h30m")
        #expect(TimeSpan.hours(36).description == "1d12h")
        #expect(TimeSpan.milliseconds(1_500).description == "1s500ms")
        #expect(TimeSpan.zero.description == "0s")
        for text in ["14d", "1h30m", "1d12h", "1s500ms", "0s", "7d"] {
            #expect(try TimeSpan(parsing: text).description == text)
        }
    }

    @Test func arithmeticSaturates() {
        #expect((TimeSpan.milliseconds(.max) + .days(1)).milliseconds == .max)
        #expect(TimeSpan.days(.max).milliseconds == .max)
        #expect((Instant(millisecondsSinceEpoch: .max - 5) + .days(1)).millisecondsSinceEpoch == .max)
        #expect(Fixture.t0 + .days(14) - Fixture.t0 == .days(14))
    }

    @Test func clockModes() throws {
        #expect(try ClockMode(parsing: "real") == .real)
        #expect(try ClockMode(parsing: "manual") == .manual)
        let accelerated = try ClockMode(parsing: "accelerated:1440")
        #expect(accelerated == .accelerated(try #require(AccelerationFactor(numerator: 1440))))
        #expect(accelerated.description == "accelerated:1440")
        #expect(try ClockMode(parsing: "accelerated:0.5").description == "accelerated:0.5")
        #expect(throws: ClockModeParseError.unknownMode("fast")) { try ClockMode(parsing: "fast") }
        #expect(throws: ClockModeParseError.unknownMode("Real")) { try ClockMode(parsing: "Real") }
        #expect(throws: ClockModeParseError.missingFactor("accelerated")) { try ClockMode(parsing: "accelerated") }
        #expect(throws: ClockModeParseError.missingFactor("accelerated:")) { try ClockMode(parsing: "accelerated:") }
        #expect(throws: ClockModeParseError.badFactor(text: "accelerated:0", .notPositive("0"))) {
            try ClockMode(parsing: "accelerated:0")
        }
        #expect(throws: ClockModeParseError.badFactor(text: "accelerated:x2", .notADecimal("x2"))) {
            try ClockMode(parsing: "accelerated:x2")
        }
    }

    @Test func accelerationFactors() throws {
        let half = try AccelerationFactor(parsing: "0.5")
        #expect(half.numerator == 1 && half.denominator == 2)
        let quarter = try AccelerationFactor(parsing: "2.25")
        #expect(quarter.numerator == 9 && quarter.denominator == 4)
        #expect(quarter.description == "2.25")
        #expect(try AccelerationFactor(parsing: "60").description == "60")
        #expect(try AccelerationFactor(parsing: "1.000").description == "1")
        #expect(AccelerationFactor(numerator: 1, denominator: 3)?.description == "1/3")
        #expect(AccelerationFactor(numerator: 0) == nil)
        #expect(AccelerationFactor(numerator: 3, denominator: -1) == nil)
        for bad in ["", ".5", "1.", "1.2.3", "-2", "+2", "1e3", " 2"] {
            #expect(throws: AccelerationFactorParseError.self) { try AccelerationFactor(parsing: bad) }
        }
        #expect(throws: AccelerationFactorParseError.tooPrecise("0.0000000001")) {
            try AccelerationFactor(parsing: "0.0000000001")
        }
        #expect(throws: AccelerationFactorParseError.tooLarge("99999999999999999999")) {
            try AccelerationFactor(parsing: "99999999999999999999")
        }
    }

    @Test func receiptLagSpelling() throws {
        #expect(try ReceiptLag(parsing: "1bd") == .businessDays(1))
        #expect(try ReceiptLag(parsing: "3bd") == .businessDays(3))
        #expect(try ReceiptLag(parsing: "36h") == .span(.hours(36)))
        #expect(try ReceiptLag(parsing: "0s") == .span(.zero))
        #expect(ReceiptLag.businessDays(2).description == "2bd")
        #expect(throws: TimeSpanParseError.self) { try ReceiptLag(parsing: "bd") }
        #expect(throws: TimeSpanParseError.self) { try ReceiptLag(parsing: "xbd") }
        #expect(ReceiptLag.default == .businessDays(1))
    }
}
