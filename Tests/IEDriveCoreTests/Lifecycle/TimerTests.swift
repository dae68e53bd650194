import IEDriveCore
import Testing

/// Every timer of states.md §6 on a stepped clock: nothing a millisecond before its deadline,
/// the right event exactly at it.
@Suite struct TimerTests {
    /// J4: 14 days in `Creating` → deleted.
    @Test func awaitingShipmentExpiry() throws {
        var s = try Scenario()
        let deadline = Fixture.t0 + .days(14)
        #expect(s.advance(to: deadline - .milliseconds(1)).isEmpty)
        #expect(!s.deleted)
        #expect(s.advance(to: deadline) == [LifecycleEvent(at: deadline, .jobDeleted(.awaitingShipmentExpired))])
        #expect(s.deleted)
    }

    @Test func awaitingShipmentStopsOnShipping() throws {
        var s = try Scenario()
        s.wait(.days(13))
        try s.ship()
        #expect(s.advance(to: Fixture.t0 + .days(14)).isEmpty)
        #expect(s.job.state == .shipping)
    }

    /// J8/D4: 14 days in `Shipping` → drives `NeverReceived`, operations notified, 30-day wait.
    @Test func inTransitExpiry() throws {
        var s = try Scenario()
        s.wait(.hours(5))
        try s.ship()
        let deadline = s.now + .days(14)
        #expect(s.advance(to: deadline - .milliseconds(1)).isEmpty)
        #expect(s.job.drives.map(\.state) == [.specified, .specified])
        let fired = s.advance(to: deadline)
        #expect(fired.map(\.kind) == [
            .driveStateChanged(driveId: Fixture.driveA, from: .specified, to: .neverReceived),
            .driveStateChanged(driveId: Fixture.driveB, from: .specified, to: .neverReceived),
            .operationsNotified(.packageOverdue),
        ])
        #expect(fired.allSatisfy { $0.at == deadline })
        #expect(s.job.state == .shipping, "J8 keeps the job Shipping")
        #expect(s.job.drives.allSatisfy { $0.neverReceivedCause == .packageOverdue })
        #expect(s.job.timestamps.packageOverdueAt == deadline)
        #expect(s.job.timers[.customerResponse] == deadline + .days(30))
    }

    /// J9: 30 days after J8 → `Closed` with 90-day retention; J15 → deleted.
    @Test func customerResponseThenRetention() throws {
        var s = try Scenario()
        try s.ship()
        let overdue = Fixture.t0 + .days(14)
        let closing = overdue + .days(30)
        s.advance(to: closing - .milliseconds(1))
        #expect(s.job.state == .shipping)
        #expect(s.advance(to: closing).map(\.kind) == [.jobStateChanged(from: .shipping, to: .closed)])
        #expect(s.job.classicState() == "Closed")
        #expect(s.job.timers[.retention] == closing + .days(90))
        #expect(s.advance(to: closing + .days(90) - .milliseconds(1)).isEmpty)
        #expect(s.advance(to: closing + .days(90)).map(\.kind) == [.jobDeleted(.retentionExpired)])
        #expect(s.deleted)
    }

    /// One big step gives the same events, stamped at each deadline, as small ones.
    @Test func oneJumpEqualsManySteps() throws {
        var stepped = try Scenario()
        try stepped.ship()
        var jumped = stepped
        let end = Fixture.t0 + .days(14 + 30 + 90)
        var instant = Fixture.t0
        while instant < end {
            instant = instant + .hours(7)
            stepped.advance(to: min(instant, end))
        }
        let events = jumped.advance(to: end)
        #expect(stepped.deleted && jumped.deleted)
        #expect(events.map(\.at) == [Fixture.t0 + .days(14), Fixture.t0 + .days(14), Fixture.t0 + .days(14),
                                     Fixture.t0 + .days(44), end])
        #expect(stepped.events == jumped.events)
    }

    /// Receiving lag: fires at delivery + one business day (Friday → Monday).
    @Test func receiptLagOverTheWeekend() throws {
        var s = try Scenario()
        try s.ship()
        let friday = Instant(millisecondsSinceEpoch: 1_717_754_400_000)
        s.advance(to: friday)
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        let monday = friday + .days(3)
        #expect(s.job.timers[.receipt] == monday)
        s.advance(to: monday - .milliseconds(1))
        #expect(s.job.state == .shipping)
        s.advance(to: monday)
        #expect(s.job.state == .received)
        #expect(s.job.timestamps.receivedAt == monday)
    }

    /// A jump past the receipt stamps `Received` at the receipt deadline, not at the jump's end.
    @Test func receiptStampedAtItsDeadline() throws {
        var s = try Scenario()
        try s.ship()
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        let receipt = Fixture.t0 + .days(1)
        let events = s.advance(to: Fixture.t0 + .days(9))
        #expect(events.last == LifecycleEvent(at: receipt, .jobStateChanged(from: .shipping, to: .received)))
        #expect(s.job.timestamps.receivedAt == receipt)
        #expect(s.job.timestamps.stateChangedAt == receipt)
    }

    @Test func configuredReceiptLag() throws {
        var configuration = LifecycleConfiguration()
        configuration.receiptLag = .span(.zero)
        var s = try Scenario(configuration: configuration)
        try s.ship()
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        #expect(s.job.state == .shipping, "operations never fire timers")
        s.advance(to: s.now)
        #expect(s.job.state == .received)
    }

    /// J6 + J15: a cancelled job is deleted 90 days later.
    @Test func canceledRetention() throws {
        var s = try Scenario()
        try s.apply { try $0.update($1, JobPatch(cancelRequested: true), at: $2) }
        #expect(s.advance(to: Fixture.t0 + .days(90) - .milliseconds(1)).isEmpty)
        #expect(s.advance(to: Fixture.t0 + .days(90)).map(\.kind) == [.jobDeleted(.retentionExpired)])
    }

    /// J13 + return transit + J15, in deadline order.
    @Test func completedRetention() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1)
        try s.start(Fixture.driveB, bytes: 1)
        try s.finish(Fixture.driveA)
        try s.finish(Fixture.driveB)
        try s.shipBack()
        let shipped = s.now
        let events = s.advance(to: shipped + .days(90))
        #expect(events == [LifecycleEvent(at: shipped + .days(2), .returnTransitElapsed),
                           LifecycleEvent(at: shipped + .days(90), .jobDeleted(.retentionExpired))])
    }

    /// Timer lengths come from the configuration.
    @Test func configuredLengths() throws {
        var configuration = LifecycleConfiguration()
        configuration.awaitingShipment = try TimeSpan(parsing: "90m")
        var s = try Scenario(configuration: configuration)
        #expect(s.advance(to: Fixture.t0 + .minutes(90) - .milliseconds(1)).isEmpty)
        #expect(s.advance(to: Fixture.t0 + .minutes(90)).map(\.kind) == [.jobDeleted(.awaitingShipmentExpired)])
    }

    @Test func timersRunEarliestFirst() {
        var timers = JobTimers()
        timers.start(.retention, at: Fixture.t0, for: .days(1))
        timers.start(.returnTransit, at: Fixture.t0, deadline: Fixture.t0 + .days(1))
        timers.start(.receipt, at: Fixture.t0 + .hours(1), for: .days(2) - .hours(1))
        #expect(timers.running.map(\.timer) == [.returnTransit, .retention, .receipt])
        #expect(timers.next?.timer == .returnTransit)
        #expect(timers.entry(.receipt) == JobTimers.Entry(startedAt: Fixture.t0 + .hours(1), deadline: Fixture.t0 + .days(2)))
        timers.stop(.returnTransit, .retention)
        #expect(timers.running.map(\.timer) == [.receipt])
    }
}
