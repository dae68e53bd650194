import IEDriveCore
import Testing

@Suite struct JobUpdateTests {
    /// J3 with rest-api.md §8.1's PATCH: `Shipping`, ship date recorded, in-transit timer.
    @Test func declareShipped() throws {
        var s = try Scenario()
        s.wait(.hours(1))
        let events = try s.apply { try $0.update($1, Fixture.shippingPatch, at: $2) }
        #expect(s.job.classicState() == "Shipping")
        #expect(s.job.previewStatus.label == "Shipped")
        #expect(s.job.deliveryPackage == Fixture.package)
        #expect(s.job.timestamps.shippedAt == Fixture.t0 + .hours(1))
        #expect(s.job.timers[.inTransit] == Fixture.t0 + .hours(1) + .days(14))
        #expect(s.job.timers[.awaitingShipment] == nil)
        #expect(events.map(\.kind) == [.jobUpdated, .jobStateChanged(from: .creating, to: .shipping)])
    }

    @Test func shippingStateIsCaseInsensitiveAndEmptyMeansNoChange() throws {
        var s = try Scenario()
        try s.apply { try $0.update($1, JobPatch(state: "", deliveryPackage: Fixture.package), at: $2) }
        #expect(s.job.state == .creating)
        try s.apply { try $0.update($1, JobPatch(state: "shipping"), at: $2) }
        #expect(s.job.state == .shipping)
    }

    /// J3: 400 `InvalidParameter` naming the missing property; both may come from earlier PATCHes.
    @Test func shippingNeedsReturnAddressAndDeliveryPackage() throws {
        var s = try Scenario(Fixture.importRequest(withAddress: false))
        let noAddress = refusal { try s.apply { try $0.update($1, Fixture.shippingPatch, at: $2) } }
        #expect(noAddress?.code == .invalidParameter)
        #expect(noAddress?.httpStatus == 400)
        #expect(noAddress?.target == "properties.returnAddress")
        #expect(s.job.state == .creating)

        try s.apply { try $0.update($1, JobPatch(returnAddress: Fixture.address), at: $2) }
        let noPackage = refusal { try s.apply { try $0.update($1, JobPatch(state: "Shipping"), at: $2) } }
        #expect(noPackage?.target == "properties.deliveryPackage")
        try s.apply { try $0.update($1, JobPatch(deliveryPackage: Fixture.package), at: $2) }
        try s.apply { try $0.update($1, JobPatch(state: "Shipping"), at: $2) }
        #expect(s.job.state == .shipping)
    }

    @Test func onlyShippingCanBeSetAndOnlyFromCreating() throws {
        var s = try Scenario()
        let wrongValue = refusal { try s.apply { try $0.update($1, JobPatch(state: "Completed"), at: $2) } }
        #expect(wrongValue?.code == .invalidParameter)
        #expect(wrongValue?.target == "properties.state")
        try s.ship()
        let again = refusal { try s.apply { try $0.update($1, Fixture.shippingPatch, at: $2) } }
        #expect(again?.code == .invalidJobState)
        #expect(again?.httpStatus == 409)
        #expect(again?.target == "properties.state")
    }

    /// J2: any accepted PATCH while `Creating` restarts the 14-day timer.
    @Test func patchWhileCreatingRestartsTheTimer() throws {
        var s = try Scenario()
        s.wait(.days(13))
        try s.apply { try $0.update($1, JobPatch(tags: ["x": "y"], actor: RequestActor(name: "app", type: .application)), at: $2) }
        #expect(s.job.timers[.awaitingShipment] == Fixture.t0 + .days(27))
        #expect(s.job.tags == ["x": "y"])
        #expect(s.job.timestamps.lastModifiedAt == Fixture.t0 + .days(13))
        #expect(s.job.lastModifiedBy == RequestActor(name: "app", type: .application))
        s.wait(.days(13) + .hours(23))
        #expect(!s.deleted)
        try s.apply { try $0.update($1, JobPatch(), at: $2) }
        #expect(s.job.timers[.awaitingShipment] == s.now + .days(14))
    }

    /// J6 and §9 (current policy): cancel only while `Creating`; drives stay `Specified`;
    /// retention starts.
    @Test func cancelWhileCreating() throws {
        var s = try Scenario()
        s.wait(.days(2))
        let events = try s.apply { try $0.update($1, JobPatch(cancelRequested: true), at: $2) }
        #expect(s.job.classicState() == "Canceled")
        #expect(s.job.classicState(canceledAs: .completed) == "Completed")
        #expect(s.job.previewStatus.label == "Canceled")
        #expect(s.job.cancelRequested)
        #expect(s.job.drives.map(\.state) == [.specified, .specified])
        #expect(s.job.timers[.retention] == Fixture.t0 + .days(92))
        #expect(s.job.timers[.awaitingShipment] == nil)
        #expect(events.map(\.kind) == [.jobUpdated, .jobStateChanged(from: .creating, to: .canceled)])
    }

    /// rest-api.md §8.4: cancel after shipping → 409 `InvalidJobState`, flag stays false.
    @Test func cancelAfterShippingIsRefused() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 100)
        #expect(s.job.state == .transferring)
        let failure = refusal { try s.apply { try $0.update($1, JobPatch(cancelRequested: true), at: $2) } }
        #expect(failure?.code == .invalidJobState)
        #expect(failure?.httpStatus == 409)
        #expect(failure?.target == "properties.cancelRequested")
        #expect(failure?.message ==
            "Job 'harbor-import-01' is in state 'Transferring' and can no longer be cancelled. Cancellation is only possible while the job is in state 'Creating'.")
        #expect(s.job.cancelRequested == false)
        for state in [JobState.shipping, .received, .packaging, .completed, .closed, .canceled] {
            var job = s.job
            job.state = state
            #expect(refusal { _ = try s.lifecycle.update(job, JobPatch(cancelRequested: true), at: s.now) }?.code ==
                .invalidJobState, "\(state)")
        }
    }

    /// §9: `cancelRequested: false` is accepted and ignored; refused in strict mode.
    @Test func cancelFalse() throws {
        var s = try Scenario()
        try s.apply { try $0.update($1, JobPatch(cancelRequested: false), at: $2) }
        #expect(s.job.state == .creating)
        #expect(!s.job.cancelRequested)
        var strict = LifecycleConfiguration()
        strict.strictCancelRequested = true
        let t = try Scenario(configuration: strict)
        let failure = refusal { _ = try t.lifecycle.update(t.job, JobPatch(cancelRequested: false), at: t.now) }
        #expect(failure?.code == .invalidParameter)
        #expect(failure?.target == "properties.cancelRequested")
    }

    @Test func cancelAndShipInOneRequestIsRefused() throws {
        let s = try Scenario()
        var patch = Fixture.shippingPatch
        patch.cancelRequested = true
        #expect(refusal { _ = try s.lifecycle.update(s.job, patch, at: s.now) }?.code == .invalidParameter)
    }

    /// §12 windows: return address, return shipping, log level, manifest backup until
    /// `Packaging`; delivery package until the drives arrived; drive list only while
    /// `Creating`; tags always.
    @Test func propertyWindows() throws {
        var s = try Scenario()
        let patches: [(String, JobPatch)] = [
            ("properties.returnAddress", JobPatch(returnAddress: Fixture.address)),
            ("properties.returnShipping", JobPatch(returnShipping: Fixture.returnShipping)),
            ("properties.logLevel", JobPatch(logLevel: .error)),
            ("properties.backupDriveManifest", JobPatch(backupDriveManifest: false)),
            ("properties.deliveryPackage", JobPatch(deliveryPackage: Fixture.package)),
            ("properties.driveList", JobPatch(drives: [Fixture.drive("NEW1")])),
        ]
        func accepted(_ job: Job) -> [String] {
            patches.compactMap { target, patch in
                refusal { _ = try s.lifecycle.update(job, patch, at: s.now) } == nil ? target : nil
            }
        }
        let all = patches.map(\.0)
        #expect(accepted(s.job) == all)
        try s.ship()
        #expect(accepted(s.job) == Array(all.prefix(5)))
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        #expect(accepted(s.job) == Array(all.prefix(4)), "delivered, receipt pending")
        s.wait(.days(1))
        #expect(s.job.state == .received)
        #expect(accepted(s.job) == Array(all.prefix(4)))
        try s.start(Fixture.driveA, bytes: 1)
        try s.start(Fixture.driveB, bytes: 1)
        #expect(accepted(s.job) == Array(all.prefix(4)))
        try s.finish(Fixture.driveA)
        try s.finish(Fixture.driveB)
        #expect(s.job.state == .packaging)
        #expect(accepted(s.job).isEmpty)
        let late = refusal { _ = try s.lifecycle.update(s.job, JobPatch(returnAddress: Fixture.address), at: s.now) }
        #expect(late?.code == .invalidJobState)
        #expect(late?.target == "properties.returnAddress")
        try s.apply { try $0.update($1, JobPatch(tags: ["done": "yes"]), at: $2) }
        #expect(s.job.tags == ["done": "yes"])
        try s.shipBack()
        #expect(s.job.state == .completed)
        #expect(accepted(s.job).isEmpty)
        try s.apply { try $0.update($1, JobPatch(tags: [:]), at: $2) }
        #expect(s.job.tags.isEmpty)
    }

    @Test func patchedDriveListReplacesTheDrives() throws {
        var s = try Scenario()
        try s.apply { try $0.update($1, JobPatch(drives: [Fixture.drive("NEW1"), Fixture.drive("NEW2"), Fixture.drive("NEW3")]), at: $2) }
        #expect(s.job.drives.map(\.driveId) == ["NEW1", "NEW2", "NEW3"])
        #expect(s.job.drives.allSatisfy { $0.state == .specified })
        let tooMany = refusal {
            _ = try s.lifecycle.update(s.job, JobPatch(drives: (1...11).map { Fixture.drive("X\($0)") }), at: s.now)
        }
        #expect(tooMany?.target == "properties.driveList")
        let export = try Scenario(Fixture.exportRequest())
        #expect(refusal { _ = try export.lifecycle.update(export.job, JobPatch(drives: [Fixture.drive("A")]), at: export.now) }?
            .code == .invalidParameter)
    }

    @Test func refusedPatchChangesNothing() throws {
        var s = try Scenario(Fixture.importRequest(withAddress: false))
        let before = s.job
        let patch = JobPatch(tags: ["a": "b"], state: "Shipping", deliveryPackage: Fixture.package)
        #expect(refusal { try s.apply { try $0.update($1, patch, at: $2) } } != nil)
        #expect(s.job == before)
    }
}
