import IEDriveCore
import Testing

@Suite struct JobReceivingTests {
    /// J7, D2, D3 and the receiving lag: drives are checked in one business day after delivery;
    /// a listed drive missing from the package is `NeverReceived`.
    @Test func receivingAfterTheLag() throws {
        var s = try Scenario()
        s.wait(.hours(1))
        try s.ship()
        s.wait(.days(1))
        let delivered = s.now
        let events = try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA], at: $2) }
        #expect(events.map(\.kind) == [.packageDelivered(driveIds: [Fixture.driveA])])
        #expect(s.job.state == .shipping)
        #expect(s.job.drives.map(\.state) == [.specified, .specified])
        #expect(s.job.timers[.inTransit] == nil)
        #expect(s.job.timers[.receipt] == delivered + .days(1))

        #expect(s.advance(to: delivered + .days(1) - .milliseconds(1)).isEmpty)
        let receipt = s.advance(to: delivered + .days(1))
        #expect(receipt.map(\.kind) == [
            .driveStateChanged(driveId: Fixture.driveA, from: .specified, to: .received),
            .driveStateChanged(driveId: Fixture.driveB, from: .specified, to: .neverReceived),
            .jobStateChanged(from: .shipping, to: .received),
        ])
        #expect(receipt.allSatisfy { $0.at == delivered + .days(1) })
        #expect(s.job.classicState() == "Received")
        #expect(s.job.previewStatus.label == "Received")
        #expect(s.drive(Fixture.driveB)?.neverReceivedCause == .missingFromPackage)
        #expect(s.drive(Fixture.driveB)?.outcome == .notReceived)
        #expect(s.job.percentComplete == nil)
    }

    /// §7 rule 1: a drive no job lists is an extra drive: not in `driveList`, not processed,
    /// returned with the package.
    @Test func extraDrivesGoBackWithThePackage() throws {
        var s = try Scenario(Fixture.importRequest(drives: [Fixture.driveA]))
        s.wait(.hours(1))
        try s.ship()
        let events = try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, "STRAY01"], at: $2) }
        #expect(events.map(\.kind) == [.extraDriveArrived(driveId: "STRAY01"),
                                       .packageDelivered(driveIds: [Fixture.driveA, "STRAY01"])])
        s.wait(.days(1))
        #expect(s.job.drives.map(\.driveId) == [Fixture.driveA])
        #expect(s.job.extraDrives.map(\.driveId) == ["STRAY01"])
        #expect(refusal { _ = try s.lifecycle.startCopy(s.job, driveId: "STRAY01", bytesToCopy: 1, at: s.now) }?.code ==
            .driveNotFound)
        try s.start(Fixture.driveA, bytes: 5)
        try s.finish(Fixture.driveA)
        let back = try s.apply { try $0.shipBack($1, ReturnShipment(trackingNumber: "R1"), at: $2) }
        #expect(back.contains(LifecycleEvent(at: s.now, .extraDriveReturned(driveId: "STRAY01"))))
        #expect(s.job.extraDrives[0].returnedAt == s.now)
        #expect(s.job.returnPackage?.driveCount == 2)
        #expect(s.job.state == .completed)
    }

    /// D6 and §1.2: export drives join `driveList` as `Received` when receiving finishes.
    @Test func exportDrivesAreAddedOnReceipt() throws {
        var s = try Scenario(Fixture.exportRequest())
        s.wait(.hours(1))
        try s.ship()
        #expect(s.job.drives.isEmpty)
        try s.apply { try $0.packageDelivered($1, driveIds: ["9WM35C2V", "9WM35C2W"], at: $2) }
        #expect(s.job.drives.isEmpty)
        let events = s.wait(.days(1))
        #expect(events.map(\.kind) == [.driveAdded(driveId: "9WM35C2V"), .driveAdded(driveId: "9WM35C2W"),
                                       .jobStateChanged(from: .shipping, to: .received)])
        #expect(s.job.drives.map(\.state) == [.received, .received])
        #expect(s.job.drives.allSatisfy { $0.bitLockerKey == nil })
        let tooMany = try Scenario(Fixture.exportRequest())
        var shipped = tooMany
        try shipped.ship()
        #expect(refusal {
            _ = try shipped.lifecycle.packageDelivered(shipped.job, driveIds: (1...11).map { "S\($0)" }, at: shipped.now)
        }?.code == .invalidParameter)
    }

    /// §7 rule 3: drives for a job still `Creating` are not processed; one package per job.
    @Test func packageRules() throws {
        var s = try Scenario()
        let early = refusal { _ = try s.lifecycle.packageDelivered(s.job, driveIds: [Fixture.driveA], at: s.now) }
        #expect(early?.code == .invalidJobState)
        #expect(early?.message.contains("held") == true)
        try s.ship()
        #expect(refusal { _ = try s.lifecycle.packageDelivered(s.job, driveIds: ["A", "A"], at: s.now) }?.code ==
            .invalidParameter)
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA], at: $2) }
        #expect(refusal { _ = try s.lifecycle.packageDelivered(s.job, driveIds: [Fixture.driveB], at: s.now) }?.code ==
            .invalidJobState)
    }

    /// J8 then a late package: drives marked `NeverReceived` by the in-transit timer are
    /// received when the package finally arrives, and the 30-day wait stops.
    @Test func latePackageRecoversOverdueDrives() throws {
        var s = try Scenario()
        try s.ship()
        s.wait(.days(14))
        #expect(s.job.drives.map(\.state) == [.neverReceived, .neverReceived])
        #expect(s.job.timers[.customerResponse] != nil)
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        #expect(s.job.timers[.customerResponse] == nil)
        s.wait(.days(1))
        #expect(s.job.drives.map(\.state) == [.received, .received])
        #expect(s.drive(Fixture.driveA)?.timestamps.recoveredAt == s.now)
        #expect(s.drive(Fixture.driveA)?.outcome == DriveOutcome.none)
        #expect(s.job.state == .received)
    }

    /// A package without any of the job's drives: all `NeverReceived`, the job stays `Shipping`,
    /// operations are told and the 30-day wait runs to `Closed` (our decision).
    @Test func packageWithoutTheJobsDrives() throws {
        var s = try Scenario()
        try s.ship()
        try s.apply { try $0.packageDelivered($1, driveIds: ["STRAY"], at: $2) }
        let receipt = s.wait(.days(1))
        #expect(receipt.contains { $0.kind == .operationsNotified(.packageWithoutJobDrives) })
        #expect(s.job.state == .shipping)
        #expect(s.job.drives.map(\.state) == [.neverReceived, .neverReceived])
        #expect(s.job.timers[.customerResponse] == s.now + .days(30))
        s.wait(.days(30))
        #expect(s.job.state == .closed)
    }

    /// D5 and §7 rule 2: a `NeverReceived` drive that turns up is `Received` and processed.
    @Test func neverReceivedDriveTurnsUpWhileCopying() throws {
        var s = try Scenario()
        try s.shipAndReceive([Fixture.driveA])
        try s.start(Fixture.driveA, bytes: 10)
        let events = try s.apply { try $0.recoverDrive($1, driveId: Fixture.driveB, at: $2) }
        #expect(events.map(\.kind) == [.driveStateChanged(driveId: Fixture.driveB, from: .neverReceived, to: .received)])
        #expect(s.drive(Fixture.driveB)?.outcome == DriveOutcome.none)
        #expect(s.drive(Fixture.driveB)?.neverReceivedCause == nil)
        try s.finish(Fixture.driveA)
        #expect(s.job.state == .transferring, "drive B still to copy")
        try s.start(Fixture.driveB, bytes: 10)
        try s.finish(Fixture.driveB)
        #expect(s.job.state == .packaging)
        try s.shipBack()
        #expect(s.job.state == .completed, "the recovered drive is no longer an error")
    }

    /// §7 rule 2: turning up while the job is `Packaging` puts it back to `Transferring`.
    @Test func neverReceivedDriveTurnsUpWhilePackaging() throws {
        var s = try Scenario()
        try s.shipAndReceive([Fixture.driveA])
        try s.start(Fixture.driveA, bytes: 10)
        try s.finish(Fixture.driveA)
        #expect(s.job.state == .packaging)
        let events = try s.apply { try $0.recoverDrive($1, driveId: Fixture.driveB, at: $2) }
        #expect(events.map(\.kind) == [
            .driveStateChanged(driveId: Fixture.driveB, from: .neverReceived, to: .received),
            .jobStateChanged(from: .packaging, to: .transferring),
        ])
        #expect(s.job.percentComplete == 100)
        try s.start(Fixture.driveB, bytes: 30)
        #expect(s.job.percentComplete == 25)
    }

    /// §7 rule 2: after the job's drives went back, the drive is a new extra drive, returned on
    /// its own; it stays `NeverReceived`.
    @Test func neverReceivedDriveTurnsUpAfterReturn() throws {
        var s = try Scenario()
        try s.shipAndReceive([Fixture.driveA])
        try s.start(Fixture.driveA, bytes: 10)
        try s.finish(Fixture.driveA)
        try s.shipBack()
        #expect(s.job.state == .closed, "a NeverReceived drive is an error")
        let events = try s.apply { try $0.recoverDrive($1, driveId: Fixture.driveB, at: $2) }
        #expect(events.map(\.kind) == [.extraDriveArrived(driveId: Fixture.driveB)])
        #expect(s.drive(Fixture.driveB)?.state == .neverReceived)
        #expect(s.job.state == .closed)
        try s.apply { try $0.returnExtraDrive($1, driveId: Fixture.driveB, at: $2) }
        #expect(s.job.extraDrives.first?.returnedAt == s.now)
        #expect(refusal { _ = try s.lifecycle.returnExtraDrive(s.job, driveId: Fixture.driveB, at: s.now) }?.code ==
            .driveNotFound)
    }

    @Test func recoverRefusals() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        #expect(refusal { _ = try s.lifecycle.recoverDrive(s.job, driveId: Fixture.driveA, at: s.now) }?.code ==
            .invalidDriveState)
        #expect(refusal { _ = try s.lifecycle.recoverDrive(s.job, driveId: "NOPE", at: s.now) }?.httpStatus == 404)
    }
}
