import IEDriveCore
import Testing

@Suite struct JobPreviewStatusTests {
    /// §11: once every drive finished copying the worst outcome shows through `Transferring` and
    /// `Packaging`; precedence failed > errors > warnings (§2.1).
    @Test(arguments: [
        ([CopyResult.clean, .clean], "Preparing to ship", "Completed"),
        ([.clean, .warnings], "Data copy completed with warnings", "Completed"),
        ([.warnings, .errors], "Data copy completed with errors", "Closed"),
    ])
    func worstOutcomeLabel(results: [CopyResult], packagingLabel: String, finalState: String) throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1)
        try s.start(Fixture.driveB, bytes: 1)
        try s.finish(Fixture.driveA, results[0])
        #expect(s.job.previewStatus.label == "Data copy in progress")
        try s.finish(Fixture.driveB, results[1])
        #expect(s.job.state == .packaging)
        #expect(s.job.previewStatus.label == packagingLabel)
        try s.shipBack()
        #expect(s.job.classicState() == finalState)
        #expect(s.job.previewStatus.label == "Shipped to customer")
    }

    @Test func failedOutranksErrors() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1)
        try s.apply { try $0.failDrive($1, driveId: Fixture.driveB, failure: .hardwareError, reason: "EIO", at: $2) }
        #expect(s.job.state == .transferring)
        #expect(s.job.previewStatus.label == "Data copy in progress", "drive A still copies")
        try s.finish(Fixture.driveA, .errors)
        #expect(s.job.previewStatus.token == "DataCopyFailed")
        #expect(s.job.previewStatus.label == "Data copy failed")
    }

    /// A drive never received ranks with errors in the Preview label (our reading).
    @Test func neverReceivedShowsAsErrors() throws {
        var s = try Scenario()
        try s.shipAndReceive([Fixture.driveA])
        try s.start(Fixture.driveA, bytes: 1)
        try s.finish(Fixture.driveA)
        #expect(s.job.previewStatus.label == "Data copy completed with errors")
    }

    /// §11 and §2.1: "Shipped to customer" until the return transit delay (2 days) elapsed, then
    /// "Completed" for Classic `Completed`; Classic `Closed` keeps "Shipped to customer".
    @Test func returnTransitDelay() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1)
        try s.start(Fixture.driveB, bytes: 1)
        try s.finish(Fixture.driveA)
        try s.finish(Fixture.driveB)
        try s.shipBack()
        let shipped = s.now
        #expect(s.job.previewStatus.label == "Shipped to customer")
        #expect(s.advance(to: shipped + .days(2) - .milliseconds(1)).isEmpty)
        #expect(s.job.previewStatus.label == "Shipped to customer")
        #expect(s.advance(to: shipped + .days(2)).map(\.kind) == [.returnTransitElapsed])
        #expect(s.job.previewStatus.label == "Completed")
        #expect(s.job.previewStatus.dataBoxStageName == "Completed")

        var c = try Scenario()
        try c.shipAndReceive()
        try c.start(Fixture.driveA, bytes: 1)
        try c.start(Fixture.driveB, bytes: 1)
        try c.finish(Fixture.driveA, .errors)
        try c.finish(Fixture.driveB)
        try c.shipBack()
        c.wait(.days(3))
        #expect(c.job.returnTransitElapsed)
        #expect(c.job.classicState() == "Closed")
        #expect(c.job.previewStatus.label == "Shipped to customer")
    }

    @Test func earlyStatesInBothVocabularies() throws {
        var s = try Scenario()
        #expect((s.job.classicState(), s.job.previewStatus.label) == ("Creating", "Awaiting shipment information"))
        s.wait(.hours(1))
        try s.ship()
        #expect((s.job.classicState(), s.job.previewStatus.label) == ("Shipping", "Shipped"))
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        s.wait(.days(1))
        #expect((s.job.classicState(), s.job.previewStatus.label) == ("Received", "Received"))
        try s.start(Fixture.driveA, bytes: 1)
        #expect((s.job.classicState(), s.job.previewStatus.label) == ("Transferring", "Data copy in progress"))
    }
}
