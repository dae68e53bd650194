import IEDriveCore
import Testing

@Suite struct JobCopyTests {
    /// J11, J12, J13: the happy path with every state change, in order.
    @Test func happyPathStates() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 100)
        #expect(s.job.classicState() == "Transferring")
        #expect(s.job.previewStatus.label == "Data copy in progress")
        try s.start(Fixture.driveB, bytes: 100)
        try s.finish(Fixture.driveA)
        #expect(s.job.state == .transferring)
        try s.finish(Fixture.driveB)
        #expect(s.job.classicState() == "Packaging")
        #expect(s.job.previewStatus.label == "Preparing to ship")
        try s.shipBack()
        #expect(s.job.classicState() == "Completed")
        #expect(s.jobStates == [.shipping, .received, .transferring, .packaging, .completed])
    }

    /// Probing leaves the drive `Received` and the job `Received`.
    @Test func probeChangesNoState() throws {
        var s = try Scenario()
        try s.shipAndReceive([Fixture.driveA])
        let events = try s.apply { try $0.beginProbe($1, driveId: Fixture.driveA, at: $2) }
        #expect(events.map(\.kind) == [.driveProbeStarted(driveId: Fixture.driveA)])
        #expect(s.drive(Fixture.driveA)?.state == .received)
        #expect(s.drive(Fixture.driveA)?.timestamps.probeStartedAt == s.now)
        #expect(s.drive(Fixture.driveA)?.previewStatus.label == "Data copy not started")
        #expect(s.job.state == .received)
        #expect(refusal { _ = try s.lifecycle.beginProbe(s.job, driveId: Fixture.driveB, at: s.now) }?.code ==
            .invalidDriveState, "NeverReceived")
        try s.start(Fixture.driveA, bytes: 1)
        #expect(refusal { _ = try s.lifecycle.beginProbe(s.job, driveId: Fixture.driveA, at: s.now) }?.code ==
            .invalidDriveState, "already copying")
    }

    @Test func startCopyRules() throws {
        var s = try Scenario()
        try s.ship()
        let early = refusal { _ = try s.lifecycle.startCopy(s.job, driveId: Fixture.driveA, bytesToCopy: 1, at: s.now) }
        #expect(early?.code == .invalidJobState)
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA], at: $2) }
        s.wait(.days(1))
        #expect(refusal { _ = try s.lifecycle.startCopy(s.job, driveId: Fixture.driveB, bytesToCopy: 1, at: s.now) }?.code ==
            .invalidDriveState, "NeverReceived drive")
        #expect(refusal { _ = try s.lifecycle.startCopy(s.job, driveId: Fixture.driveA, bytesToCopy: -1, at: s.now) }?.code ==
            .invalidParameter)
        try s.start(Fixture.driveA, bytes: 7)
        #expect(s.drive(Fixture.driveA)?.bytesSucceeded == 0)
        #expect(s.drive(Fixture.driveA)?.timestamps.copyStartedAt == s.now)
        #expect(refusal { _ = try s.lifecycle.startCopy(s.job, driveId: Fixture.driveA, bytesToCopy: 7, at: s.now) }?.code ==
            .invalidDriveState, "already copying")
    }

    @Test func progressRules() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        #expect(refusal { _ = try s.lifecycle.recordProgress(s.job, driveId: Fixture.driveA, bytesSucceeded: 0, at: s.now) }?
            .code == .invalidDriveState)
        try s.start(Fixture.driveA, bytes: 1_000)
        #expect(refusal { _ = try s.lifecycle.recordProgress(s.job, driveId: Fixture.driveA, bytesSucceeded: 1_001, at: s.now) }?
            .code == .invalidParameter)
        #expect(refusal { _ = try s.lifecycle.recordProgress(s.job, driveId: Fixture.driveA, bytesSucceeded: -1, at: s.now) }?
            .code == .invalidParameter)
        let events = try s.apply { try $0.recordProgress($1, driveId: Fixture.driveA, bytesSucceeded: 999, at: $2) }
        #expect(events.isEmpty)
        #expect(s.drive(Fixture.driveA)?.percentComplete == 99)
    }

    @Test func finishCopyRecordsLogsAndBytes() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 1_000)
        let logs = DriveLogLinks(errorLogUri: "https://contosodata.blob.core.windows.net/waimportexport/waies/e.xml",
                                 verboseLogUri: "https://contosodata.blob.core.windows.net/waimportexport/waies/v.xml")
        try s.apply { try $0.finishCopy($1, driveId: Fixture.driveA, result: .errors, bytesSucceeded: 600, logs: logs, at: $2) }
        let drive = try #require(s.drive(Fixture.driveA))
        #expect(drive.logs == logs)
        #expect(drive.bytesSucceeded == 600)
        #expect(drive.percentComplete == 100)
        #expect(drive.timestamps.processingEndedAt == s.now)
        #expect(refusal { _ = try s.lifecycle.finishCopy(s.job, driveId: Fixture.driveA, result: .clean, at: s.now) }?.code ==
            .invalidDriveState)
        #expect(refusal {
            _ = try s.lifecycle.finishCopy(s.job, driveId: Fixture.driveB, result: .clean, at: s.now)
        }?.code == .invalidDriveState, "not copying")
        try s.start(Fixture.driveB, bytes: 5)
        #expect(refusal {
            _ = try s.lifecycle.finishCopy(s.job, driveId: Fixture.driveB, result: .clean, exportKey: BitLockerKey("k"), at: s.now)
        }?.code == .invalidParameter, "an import drive keeps the customer's key")
    }

    /// §1.2, rest-api.md §3.5: export keys appear when the drive leaves `Transferring`.
    @Test func exportKeysAppearWhenTheCopyEnds() throws {
        var s = try Scenario(Fixture.exportRequest())
        s.wait(.hours(1))
        try s.ship()
        try s.apply { try $0.packageDelivered($1, driveIds: ["9WM35C2V"], at: $2) }
        s.wait(.days(1))
        try s.start("9WM35C2V", bytes: 50)
        #expect(s.job.bitLockerKeys.isEmpty)
        #expect(refusal { _ = try s.lifecycle.finishCopy(s.job, driveId: "9WM35C2V", result: .clean, at: s.now) }?.target ==
            "exportKey")
        try s.apply {
            try $0.finishCopy($1, driveId: "9WM35C2V", result: .clean, exportKey: BitLockerKey("generated-key"),
                              incompleteBlobListUri: "https://a/waimportexport/incomplete.xml", at: $2)
        }
        #expect(s.job.bitLockerKeys.map(\.driveId) == ["9WM35C2V"])
        #expect(s.job.bitLockerKeys.first?.key.revealed == "generated-key")
        #expect(s.job.incompleteBlobListUri == "https://a/waimportexport/incomplete.xml")
        #expect(s.job.state == .packaging)
    }

    /// An export drive written again after a restart: its bytes counted anew; import drives and
    /// drives not `Transferring` are refused.
    @Test func anExportDriveIsWrittenAgainFromTheStart() throws {
        var s = try Scenario(Fixture.exportRequest())
        s.wait(.hours(1))
        try s.ship()
        try s.apply { try $0.packageDelivered($1, driveIds: ["9WM35C2V"], at: $2) }
        s.wait(.days(1))
        #expect(refusal { _ = try s.lifecycle.restartCopy(s.job, driveId: "9WM35C2V", bytesToCopy: 10, at: s.now) }?.target == "driveId")
        try s.start("9WM35C2V", bytes: 50)
        try s.apply { try $0.recordProgress($1, driveId: "9WM35C2V", bytesSucceeded: 40, at: $2) }
        try s.apply { try $0.restartCopy($1, driveId: "9WM35C2V", bytesToCopy: 70, at: $2) }
        #expect(s.job.drives[0].bytesToCopy == 70 && s.job.drives[0].bytesSucceeded == 0 && s.job.drives[0].state == .transferring)
        let imported = try Scenario()
        #expect(refusal { _ = try imported.lifecycle.restartCopy(imported.job, driveId: Fixture.driveA, bytesToCopy: 1, at: imported.now) }?
            .code == .invalidParameter)
    }

    @Test func importKeysAreListedFromCreation() throws {
        let s = try Scenario()
        #expect(s.job.bitLockerKeys.map(\.driveId) == [Fixture.driveA, Fixture.driveB])
        #expect(s.job.bitLockerKeys.first?.key.revealed == "486717-373197-216029-527087-531740-482504-024706-333916")
    }

    /// D8 and J12's suggestion: when every drive fails its pre-copy checks the job still passes
    /// through `Transferring` for one tick before `Packaging`.
    @Test func allDrivesFailBeforeCopyPassThroughTransferring() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.apply { try $0.failDrive($1, driveId: Fixture.driveA, failure: .bitLockerKeyInvalid, reason: "wrong key", at: $2) }
        #expect(s.job.state == .transferring, "a drive in CompletedMoreInfo counts as started (§11)")
        try s.apply { try $0.failDrive($1, driveId: Fixture.driveB, failure: .unsupportedDisk, reason: "USB stick", at: $2) }
        #expect(s.job.state == .packaging)

        var t = try Scenario(Fixture.importRequest(drives: [Fixture.driveA]))
        try t.shipAndReceive([Fixture.driveA])
        let failed = try t.apply { try $0.failDrive($1, driveId: Fixture.driveA, failure: .ntfsVolumeNotFound, reason: "FAT", at: $2) }
        #expect(failed.map(\.kind).last == .jobStateChanged(from: .received, to: .transferring))
        #expect(t.job.state == .transferring, "one tick in Transferring")
        let tick = t.wait(.milliseconds(1))
        #expect(tick.map(\.kind) == [.jobStateChanged(from: .transferring, to: .packaging)])
        #expect(t.job.percentComplete == 100, "nothing to copy: 100 from Packaging on")
        try t.shipBack()
        #expect(t.job.state == .closed)
        #expect(t.drive(Fixture.driveA)?.copyStatus?.token == "NtfsVolumeNotFound")
    }

    @Test func failDriveRules() throws {
        var s = try Scenario()
        #expect(refusal {
            _ = try s.lifecycle.failDrive(s.job, driveId: Fixture.driveA, failure: .hardwareError, reason: "x", at: s.now)
        }?.code == .invalidJobState)
        try s.shipAndReceive([Fixture.driveA])
        #expect(refusal {
            _ = try s.lifecycle.failDrive(s.job, driveId: Fixture.driveA, failure: .diskNotReceived, reason: "x", at: s.now)
        }?.code == .invalidParameter)
        #expect(refusal {
            _ = try s.lifecycle.failDrive(s.job, driveId: Fixture.driveB, failure: .hardwareError, reason: "x", at: s.now)
        }?.code == .invalidDriveState, "NeverReceived")
        try s.start(Fixture.driveA, bytes: 1_000)
        try s.apply { try $0.recordProgress($1, driveId: Fixture.driveA, bytesSucceeded: 470, at: $2) }
        let failure = DriveFailure(.storageAccountNotAccessible, status: .blobRequestForbidden, "target read-only")
        try s.apply { try $0.failDrive($1, driveId: Fixture.driveA, failure, at: $2) }
        let drive = try #require(s.drive(Fixture.driveA))
        #expect(drive.state == .completedMoreInfo)
        #expect(drive.copyStatus?.token == "StorageAccountNotAccessible")
        #expect(drive.percentComplete == 47, "a failure during the copy keeps the share copied")
        #expect(drive.bytesSucceeded == 470)
        #expect(drive.failureReason == "target read-only")
    }

    /// J17 and §9, legacy policy: the flag is set and the job runs on; drives already copying
    /// finish, the others skip the copy and go back (D12); the job ends `Canceled`.
    @Test func legacyCancelWhileTransferring() throws {
        var configuration = LifecycleConfiguration()
        configuration.cancelPolicy = .legacy
        var s = try Scenario(configuration: configuration)
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 10)
        let events = try s.apply { try $0.update($1, JobPatch(cancelRequested: true), at: $2) }
        #expect(events.map(\.kind) == [.jobUpdated, .cancelRequested])
        #expect(s.job.cancelRequested)
        #expect(s.job.state == .transferring)
        #expect(refusal { _ = try s.lifecycle.startCopy(s.job, driveId: Fixture.driveB, bytesToCopy: 1, at: s.now) }?.code ==
            .invalidJobState)
        try s.finish(Fixture.driveA)
        #expect(s.job.state == .packaging)
        try s.shipBack()
        #expect(s.drive(Fixture.driveB)?.state == .shippedBack)
        #expect(s.drive(Fixture.driveB)?.copyStatus == nil)
        #expect(s.job.classicState() == "Canceled")
        #expect(s.job.classicState(canceledAs: .completed) == "Completed")
        #expect(s.job.timers[.retention] == s.now + .days(90))
    }

    @Test func legacyCancelWhileShippingAndItsLimits() throws {
        var configuration = LifecycleConfiguration()
        configuration.cancelPolicy = .legacy
        var s = try Scenario(configuration: configuration)
        s.wait(.hours(1))
        try s.ship()
        try s.apply { try $0.update($1, JobPatch(cancelRequested: true), at: $2) }
        #expect(s.job.state == .shipping)
        try s.apply { try $0.packageDelivered($1, driveIds: [Fixture.driveA, Fixture.driveB], at: $2) }
        s.wait(.days(1))
        #expect(s.job.state == .transferring, "nothing to copy: through Transferring")
        s.wait(.milliseconds(1))
        #expect(s.job.state == .packaging)
        let late = refusal { _ = try s.lifecycle.update(s.job, JobPatch(cancelRequested: true), at: s.now) }
        #expect(late?.message.contains("'Creating', 'Shipping', 'Received' or 'Transferring'") == true)
        try s.shipBack()
        #expect(s.job.state == .canceled)
        #expect(s.job.percentComplete == 100, "passed through Transferring with nothing to copy (§11.1)")
    }
}
