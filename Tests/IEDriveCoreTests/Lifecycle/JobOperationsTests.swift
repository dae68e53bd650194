import IEDriveCore
import Testing

@Suite struct JobOperationsTests {
    /// J10: the wait is extended; overdue drives go back to `Specified`, the in-transit timer
    /// restarts and the 30-day wait stops.
    @Test func extendWait() throws {
        var s = try Scenario()
        try s.ship()
        s.wait(.days(20))
        #expect(s.job.drives.map(\.state) == [.neverReceived, .neverReceived])
        let events = try s.apply { try $0.extendWait($1, at: $2) }
        #expect(events.map(\.kind) == [
            .driveStateChanged(driveId: Fixture.driveA, from: .neverReceived, to: .specified),
            .driveStateChanged(driveId: Fixture.driveB, from: .neverReceived, to: .specified),
        ])
        #expect(s.job.timers[.customerResponse] == nil)
        #expect(s.job.timers[.inTransit] == s.now + .days(14))
        #expect(s.job.drives.allSatisfy { $0.outcome == DriveOutcome.none })
        s.wait(.days(14))
        #expect(s.job.drives.map(\.state) == [.neverReceived, .neverReceived], "J8 again")
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA], at: $2) }
        #expect(refusal { _ = try s.lifecycle.extendWait(s.job, at: s.now) }?.code == .invalidJobState)
    }

    /// J9 early: the customer gives up → `Closed`. Only after the package is known missing.
    @Test func closeMissingPackage() throws {
        var s = try Scenario()
        try s.ship()
        #expect(refusal { _ = try s.lifecycle.closeMissingPackage(s.job, at: s.now) }?.code == .invalidJobState)
        s.wait(.days(15))
        let events = try s.apply { try $0.closeMissingPackage($1, at: $2) }
        #expect(events.map(\.kind) == [.jobStateChanged(from: .shipping, to: .closed)])
        #expect(s.job.timers.running.map(\.timer) == [.retention])
        #expect(s.job.timers[.retention] == s.now + .days(90))
        #expect(s.job.percentComplete == nil)
        #expect(s.job.previewStatus.label == "Shipped to customer")
    }

    /// §1 Faulted: timers and derivation freeze; clearing resumes the timers where they stood.
    @Test func faultFreezesAndResumes() throws {
        var s = try Scenario()
        s.wait(.days(10))
        try s.apply { try $0.fault($1, reason: "stuck at intake", at: $2) }
        #expect(s.job.fault == JobFault(reason: "stuck at intake", since: Fixture.t0 + .days(10)))
        #expect(s.job.state == .creating)
        #expect(s.wait(.days(30)).isEmpty)
        #expect(!s.deleted)
        #expect(refusal { _ = try s.lifecycle.fault(s.job, reason: "again", at: s.now) }?.code == .invalidJobState)
        let cleared = try s.apply { try $0.clearFault($1, at: $2) }
        #expect(cleared.map(\.kind) == [.faultCleared])
        #expect(s.job.timers[.awaitingShipment] == s.now + .days(4))
        #expect(s.advance(to: s.now + .days(4) - .milliseconds(1)).isEmpty)
        #expect(s.advance(to: s.now + .milliseconds(1)).map(\.kind) == [.jobDeleted(.awaitingShipmentExpired)])
        #expect(refusal { _ = try s.lifecycle.clearFault(s.job, at: s.now) }?.code == .invalidJobState)
    }

    /// A timer started during a fault is postponed only by the part of the pause after its start.
    @Test func timerStartedDuringAFault() throws {
        var s = try Scenario()
        try s.ship()
        s.wait(.days(1))
        try s.apply { try $0.fault($1, reason: "dock backlog", at: $2) }
        s.wait(.days(2))
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        let receipt = try #require(s.job.timers[.receipt])
        #expect(receipt == Fixture.t0 + .days(4))
        s.wait(.days(5))
        #expect(s.job.state == .shipping, "frozen")
        try s.apply { try $0.clearFault($1, at: $2) }
        #expect(s.job.timers[.receipt] == receipt + .days(5), "paused 5 days after it started, not 7")
        #expect(s.job.timers[.inTransit] == nil)
    }

    /// Finishing clears the flag, so the retention timer runs.
    @Test func finishingClearsTheFault() throws {
        var s = try Scenario()
        try s.apply { try $0.fault($1, reason: "ops", at: $2) }
        let events = try s.apply { try $0.update($1, JobPatch(cancelRequested: true), at: $2) }
        #expect(events.map(\.kind) == [.jobUpdated, .faultCleared, .jobStateChanged(from: .creating, to: .canceled)])
        #expect(s.job.fault == nil)
        s.wait(.days(90))
        #expect(s.deleted)
    }

    @Test func faultedJobStateWaitsForTheClear() throws {
        var s = try Scenario(Fixture.importRequest(drives: [Fixture.driveA]))
        try s.shipAndReceive([Fixture.driveA])
        try s.start(Fixture.driveA, bytes: 1)
        try s.apply { try $0.fault($1, reason: "ops", at: $2) }
        try s.finish(Fixture.driveA)
        #expect(s.job.state == .transferring, "no derivation while faulted")
        try s.apply { try $0.clearFault($1, at: $2) }
        #expect(s.job.state == .packaging)
        try s.shipBack()
        #expect(refusal { _ = try s.lifecycle.fault(s.job, reason: "late", at: s.now) }?.code == .invalidJobState)
    }

    /// §6/§8: a return-address problem reported while copying; nobody answers in 90 days →
    /// drives destroyed, job `Closed` (our choice).
    @Test func unreachableCustomer() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        #expect(refusal { _ = try s.lifecycle.reportReturnAddressProblem(s.job, at: s.now) }?.code == .invalidJobState)
        try s.start(Fixture.driveA, bytes: 1)
        let reported = try s.apply { try $0.reportReturnAddressProblem($1, at: $2) }
        #expect(reported.map(\.kind) == [.operationsNotified(.returnAddressProblem)])
        let deadline = s.now + .days(90)
        #expect(s.advance(to: deadline - .milliseconds(1)).isEmpty)
        #expect(s.advance(to: deadline).map(\.kind) == [.drivesDestroyed, .jobStateChanged(from: .transferring, to: .closed)])
        #expect(s.job.drivesDestroyed)
        #expect(s.job.timers[.retention] == deadline + .days(90))
    }

    @Test func returnAddressProblemResolved() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1)
        try s.apply { try $0.reportReturnAddressProblem($1, at: $2) }
        #expect(refusal { _ = try s.lifecycle.reportReturnAddressProblem(s.job, at: s.now) }?.code == .invalidJobState)
        // A PATCH of the address (allowed before Packaging) resolves it.
        let patched = try s.apply { try $0.update($1, JobPatch(returnAddress: Fixture.address), at: $2) }
        #expect(patched.map(\.kind) == [.returnAddressProblemResolved, .jobUpdated])
        #expect(s.job.timers[.returnAddress] == nil)
        // In Packaging the address cannot be patched: operations resolve it, and shipping back
        // waits for that.
        try s.start(Fixture.driveB, bytes: 1)
        try s.finish(Fixture.driveA)
        try s.finish(Fixture.driveB)
        try s.apply { try $0.reportReturnAddressProblem($1, at: $2) }
        #expect(refusal { _ = try s.lifecycle.shipBack(s.job, ReturnShipment(trackingNumber: "T"), at: s.now) }?.code ==
            .invalidJobState)
        try s.apply { try $0.resolveReturnAddressProblem($1, at: $2) }
        #expect(refusal { _ = try s.lifecycle.resolveReturnAddressProblem(s.job, at: s.now) }?.code == .invalidJobState)
        try s.shipBack()
        #expect(s.job.state == .completed)
    }
}
