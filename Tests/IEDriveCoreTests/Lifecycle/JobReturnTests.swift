import IEDriveCore
import Testing

@Suite struct JobReturnTests {
    private func packaged(_ results: [CopyResult] = [.clean, .clean]) throws -> Scenario {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1)
        try s.start(Fixture.driveB, bytes: 1)
        try s.finish(Fixture.driveA, results[0])
        try s.finish(Fixture.driveB, results[1])
        return s
    }

    /// J13: drives `ShippedBack`, `returnPackage` made, `Completed`, retention and return
    /// transit start.
    @Test func shipBackCompletes() throws {
        var s = try packaged()
        s.wait(.hours(7))
        let events = try s.apply { try $0.shipBack($1, ReturnShipment(trackingNumber: "JD0140000000777"), at: $2) }
        #expect(events.map(\.kind) == [
            .driveStateChanged(driveId: Fixture.driveA, from: .completed, to: .shippedBack),
            .driveStateChanged(driveId: Fixture.driveB, from: .completed, to: .shippedBack),
            .jobStateChanged(from: .packaging, to: .completed),
        ])
        #expect(s.job.returnPackage == PackageInformation(carrierName: "DHL", trackingNumber: "JD0140000000777",
                                                          driveCount: 2, shipDate: "6/5/2024 5:00:00 PM"))
        #expect(s.job.timestamps.returnShippedAt == s.now)
        #expect(s.job.timestamps.finishedAt == s.now)
        #expect(s.job.timers[.retention] == s.now + .days(90))
        #expect(s.job.timers[.returnTransit] == s.now + .days(2))
        #expect(s.job.timers.running.count == 2)
        #expect(s.job.drives.allSatisfy { $0.timestamps.shippedBackAt == s.now })
    }

    /// J14: errors → `Closed`; warnings alone → `Completed` (§11 decisions).
    @Test func finalStateFromOutcomes() throws {
        var warnings = try packaged([.warnings, .clean])
        try warnings.shipBack()
        #expect(warnings.job.state == .completed)
        var errors = try packaged([.clean, .errors])
        try errors.shipBack()
        #expect(errors.job.state == .closed)
    }

    @Test func shipBackRefusals() throws {
        var s = try Scenario(Fixture.importRequest())
        try s.shipAndReceive()
        let early = refusal { _ = try s.lifecycle.shipBack(s.job, ReturnShipment(trackingNumber: "T"), at: s.now) }
        #expect(early?.code == .invalidJobState)
        var p = try packaged()
        #expect(refusal { _ = try p.lifecycle.shipBack(p.job, ReturnShipment(trackingNumber: ""), at: p.now) }?.target ==
            "trackingNumber")
        p.job.returnShipping = nil
        #expect(refusal { _ = try p.lifecycle.shipBack(p.job, ReturnShipment(trackingNumber: "T"), at: p.now) }?.target ==
            "properties.returnShipping")
        try p.apply { try $0.shipBack($1, ReturnShipment(trackingNumber: "T", carrierName: "FedEx"), at: $2) }
        #expect(p.job.returnPackage?.carrierName == "FedEx")
    }

    /// §10: DELETE in `Creating`, `Completed`, `Closed`, `Canceled`; 409 elsewhere.
    @Test func deleteRules() throws {
        let lifecycle = JobLifecycle()
        let job = try lifecycle.create(Fixture.importRequest(), at: Fixture.t0).job
        for state in JobState.allCases {
            var copy = job
            copy.state = state
            let failure = refusal { _ = try lifecycle.delete(copy, at: Fixture.t0) }
            if [.creating, .completed, .closed, .canceled].contains(state) {
                #expect(failure == nil, "\(state)")
                #expect(try lifecycle.delete(copy, at: Fixture.t0) ==
                    [LifecycleEvent(at: Fixture.t0, .jobDeleted(.deleteRequest))])
            } else {
                #expect(failure?.code == .invalidJobState, "\(state)")
                #expect(failure?.httpStatus == 409)
            }
        }
    }
}
