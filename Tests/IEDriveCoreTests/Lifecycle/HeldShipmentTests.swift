import IEDriveCore
import Testing

/// §7 rule 3: drives for a job still `Creating` or for no job.
@Suite struct HeldShipmentTests {
    let lifecycle = HeldShipmentLifecycle()

    @Test func contactWindowThenReturn() throws {
        let (held, event) = lifecycle.hold(driveIds: ["X1", "X2"], trackingNumber: "T-1", intendedJobName: "harbor",
                                           at: Fixture.t0)
        #expect(event == HeldShipmentEvent(at: Fixture.t0, .held))
        #expect(held.status == .awaitingCustomer)
        #expect(held.deadline == Fixture.t0 + .days(14))
        #expect(lifecycle.advance(held, to: Fixture.t0 + .days(14) - .milliseconds(1)).1.isEmpty)
        let (due, events) = lifecycle.advance(held, to: Fixture.t0 + .days(20))
        #expect(events == [HeldShipmentEvent(at: Fixture.t0 + .days(14), .contactWindowExpired)])
        #expect(due.status == .returnDue)
        let (returned, _) = try lifecycle.returned(due, at: Fixture.t0 + .days(21))
        #expect(returned.status == .returned)
        #expect(refusal { _ = try lifecycle.claim(returned, jobName: "harbor", at: Fixture.t0) }?.code == .invalidShipmentState)
    }

    @Test func failedReturnIsDestroyedAfter90Days() throws {
        let (held, _) = lifecycle.hold(driveIds: ["X1"], at: Fixture.t0)
        #expect(refusal { _ = try lifecycle.returnFailed(held, at: Fixture.t0) }?.code == .invalidShipmentState)
        let (due, _) = lifecycle.advance(held, to: Fixture.t0 + .days(14))
        let (failed, _) = try lifecycle.returnFailed(due, at: Fixture.t0 + .days(15))
        #expect(failed.deadline == Fixture.t0 + .days(105))
        #expect(lifecycle.advance(failed, to: Fixture.t0 + .days(105) - .milliseconds(1)).1.isEmpty)
        let (destroyed, events) = lifecycle.advance(failed, to: Fixture.t0 + .days(105))
        #expect(destroyed.status == .destroyed)
        #expect(events.map(\.kind) == [.destroyed])
    }

    /// The job reached `Shipping`: the held drives become its package.
    @Test func claimedByTheJob() throws {
        let (held, _) = lifecycle.hold(driveIds: [Fixture.driveA, Fixture.driveB], at: Fixture.t0)
        var s = try Scenario()
        s.wait(.days(3))
        try s.ship()
        let (claimed, event) = try lifecycle.claim(held, jobName: s.job.name, at: s.now)
        #expect(claimed.status == .claimed)
        #expect(claimed.deadline == nil)
        #expect(event.kind == .claimed(jobName: "harbor-import-01"))
        try s.apply { try $0.packageDelivered($1, driveIds: claimed.driveIds, at: $2) }
        s.wait(.days(1))
        #expect(s.job.state == .received)
        #expect(lifecycle.advance(claimed, to: s.now + .days(400)).1.isEmpty)
    }
}
