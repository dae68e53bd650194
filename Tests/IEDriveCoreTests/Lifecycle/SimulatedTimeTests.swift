import IEDriveCore
import Testing

@Suite struct SimulatedTimeTests {
    let real0 = Instant(millisecondsSinceEpoch: 1_000_000)

    @Test func realModeFollowsTheRealClock() {
        let line = SimulatedTimeline(mode: .real, simulatedStart: Fixture.t0, realNow: real0)
        #expect(line.simulatedNow(atReal: real0 + .seconds(90)) == Fixture.t0 + .seconds(90))
    }

    @Test func acceleratedModeScalesExactly() throws {
        let factor = try AccelerationFactor(parsing: "1440")
        let line = SimulatedTimeline(mode: .accelerated(factor), simulatedStart: Fixture.t0, realNow: real0)
        // 1440×: one real minute is one simulated day; 14 simulated days take 14 real minutes.
        #expect(line.simulatedNow(atReal: real0 + .minutes(1)) == Fixture.t0 + .days(1))
        #expect(line.simulatedNow(atReal: real0 + .minutes(14)) == Fixture.t0 + .days(14))
        #expect(line.simulatedNow(atReal: real0 + .minutes(14) - .milliseconds(1)) ==
            Fixture.t0 + .days(14) - .milliseconds(1440))
    }

    @Test func fractionalFactorRoundsDown() throws {
        let mode = ClockMode.accelerated(try AccelerationFactor(parsing: "0.5"))
        #expect(mode.simulatedElapsed(real: .milliseconds(3)) == .milliseconds(1))
        #expect(mode.simulatedElapsed(real: .milliseconds(4)) == .milliseconds(2))
        let third = try #require(AccelerationFactor(numerator: 1, denominator: 3))
        #expect(third.scale(.milliseconds(10)) == .milliseconds(3))
    }

    @Test func hugeFactorsSaturate() throws {
        let factor = try AccelerationFactor(parsing: "1000000000")
        #expect(factor.scale(.days(365 * 1_000)).milliseconds == .max)
        #expect(factor.scale(.milliseconds(9_223_372_036)).milliseconds == 9_223_372_036_000_000_000)
        #expect(factor.scale(.milliseconds(9_223_372_037)).milliseconds == .max)
    }

    @Test func manualModeStandsStillUntilStepped() {
        var line = SimulatedTimeline(mode: .manual, simulatedStart: Fixture.t0, realNow: real0)
        #expect(line.simulatedNow(atReal: real0 + .hours(5)) == Fixture.t0)
        let stepped = line.step(by: .days(14), atReal: real0 + .hours(5))
        #expect(stepped)
        #expect(line.simulatedNow(atReal: real0 + .hours(6)) == Fixture.t0 + .days(14))
        let backwards = line.step(by: .milliseconds(-1), atReal: real0 + .hours(6))
        #expect(!backwards)
        #expect(line.simulatedNow(atReal: real0 + .hours(6)) == Fixture.t0 + .days(14))
    }

    @Test func switchingModesKeepsTimeContinuous() throws {
        var line = SimulatedTimeline(mode: .real, simulatedStart: Fixture.t0, realNow: real0)
        line.switchMode(to: .accelerated(try AccelerationFactor(parsing: "60")), atReal: real0 + .minutes(10))
        #expect(line.simulatedNow(atReal: real0 + .minutes(10)) == Fixture.t0 + .minutes(10))
        #expect(line.simulatedNow(atReal: real0 + .minutes(11)) == Fixture.t0 + .minutes(70))
        line.switchMode(to: .manual, atReal: real0 + .minutes(11))
        #expect(line.simulatedNow(atReal: real0 + .hours(3)) == Fixture.t0 + .minutes(70))
    }

    @Test func neverRunsBackwards() {
        var line = SimulatedTimeline(mode: .real, simulatedStart: Fixture.t0, realNow: real0)
        #expect(line.simulatedNow(atReal: real0 - .hours(1)) == Fixture.t0)
        let intoThePast = line.jump(to: Fixture.t0 - .milliseconds(1), atReal: real0)
        #expect(!intoThePast)
        let ahead = line.jump(to: Fixture.t0 + .days(3), atReal: real0)
        #expect(ahead)
        #expect(line.simulatedNow(atReal: real0) == Fixture.t0 + .days(3))
        #expect(line.simulatedNow(atReal: real0 + .seconds(1)) == Fixture.t0 + .days(3) + .seconds(1))
    }

    @Test func civilTime() {
        let time = CivilTime(Instant(millisecondsSinceEpoch: 1_717_405_964_521))
        #expect(time.iso8601() == "2024-06-03T09:12:44.5210000Z")
        #expect(time.weekday == .monday)
        #expect(Instant(millisecondsSinceEpoch: 1_717_405_964_521).description == "2024-06-03T09:12:44.521Z")
        #expect(CivilTime(Instant(millisecondsSinceEpoch: 1_502_485_500_000)).usShipDate == "8/11/2017 9:05:00 PM")
        #expect(CivilTime(Fixture.t0).usShipDate == "6/3/2024 9:00:00 AM")
        #expect(CivilTime(Fixture.t0 + .hours(15)).usShipDate == "6/4/2024 12:00:00 AM")
        #expect(CivilTime(Fixture.t0 + .hours(3)).usShipDate == "6/3/2024 12:00:00 PM")
        let leap = CivilTime(Instant(millisecondsSinceEpoch: 951_782_400_000))
        #expect((leap.year, leap.month, leap.day, leap.weekday) == (2000, 2, 29, .tuesday))
        let before = CivilTime(Instant(millisecondsSinceEpoch: -1_000))
        #expect(before.iso8601(fractionDigits: 0) == "1969-12-31T23:59:59Z")
        #expect(before.weekday == .wednesday)
    }

    @Test func businessDayReceiptLag() {
        let friday = Instant(millisecondsSinceEpoch: 1_717_754_400_000) // 2024-06-07 10:00 Friday
        let saturday = Instant(millisecondsSinceEpoch: 1_717_840_800_000)
        let monday = friday + .days(3)
        #expect(ReceiptLag.businessDays(1).receiptInstant(deliveredAt: friday) == monday)
        #expect(ReceiptLag.businessDays(1).receiptInstant(deliveredAt: saturday) == monday)
        #expect(ReceiptLag.businessDays(3).receiptInstant(deliveredAt: friday) == friday + .days(5))
        #expect(ReceiptLag.businessDays(1).receiptInstant(deliveredAt: Fixture.t0) == Fixture.t0 + .days(1))
        #expect(ReceiptLag.businessDays(0).receiptInstant(deliveredAt: saturday) == saturday)
        #expect(ReceiptLag.span(.hours(36)).receiptInstant(deliveredAt: friday) == friday + .hours(36))
    }
}
