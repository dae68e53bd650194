import IEDriveCore
import Testing

@Suite struct DriveStateTests {
    @Test func classicStringsAreTheSwaggerEnum() {
        #expect(DriveState.allCases.map(\.classic) ==
            ["Specified", "Received", "NeverReceived", "Transferring", "Completed", "CompletedMoreInfo", "ShippedBack"])
        #expect(DriveState(classic: "completedmoreinfo") == .completedMoreInfo)
        #expect(DriveState(classic: "Failed") == nil)
    }

    @Test func finishedSetOfSection11() {
        #expect(DriveState.allCases.filter(\.isFinished) == [.neverReceived, .completed, .completedMoreInfo, .shippedBack])
    }

    /// states.md §4.1 and §4.2: token and label of every Preview drive status.
    @Test func previewDriveVocabulary() {
        let table: [(PreviewDriveStatus, String, String)] = [
            (.notStarted, "DataCopyNotStarted", "Data copy not started"),
            (.inProgress(percent: 37), "InProgress", "37% completed"),
            (.completed, "DataCopyCompleted", "Data copy completed"),
            (.completedWithErrors, "DataCopyCompletedWithErrors", "Data copy completed with errors"),
            (.completedWithWarnings, "DataCopyCompletedWithWarnings", "Data copy completed with warnings"),
            (.failure(.diskNotReceived), "DiskNotReceived", "Disk not received at datacenter"),
            (.failure(.bitLockerKeyInvalid), "BitLockerKeyInvalid", "BitLocker key invalid"),
        ]
        for (status, token, label) in table {
            #expect(status.token == token)
            #expect(status.label == label)
        }
        for failure in DriveFailureState.allCases {
            #expect(PreviewDriveStatus.failure(failure).token == failure.rawValue)
            #expect(PreviewDriveStatus.failure(failure).label == failure.label)
        }
    }

    @Test func copyStatusTokens() {
        #expect(CopyStatus.notStarted.token == "NotStarted")
        #expect(CopyStatus.inProgress.token == "InProgress")
        #expect(CopyStatus.completed.token == "Completed")
        #expect(CopyStatus.completedWithWarnings.token == "CompletedWithWarnings")
        #expect(CopyStatus.completedWithErrors.token == "CompletedWithErrors")
        #expect(CopyStatus.failed(.ntfsVolumeNotFound).token == "NtfsVolumeNotFound")
    }

    @Test func outcomesThatCountAsErrors() {
        #expect(!DriveOutcome.none.isError)
        #expect(!DriveOutcome.clean.isError)
        #expect(!DriveOutcome.warnings.isError)
        #expect(DriveOutcome.errors.isError)
        #expect(DriveOutcome.failed(.hardwareError).isError)
        #expect(DriveOutcome.notReceived.isError)
    }

    @Test func copyResultFromDriveLogStatus() {
        #expect(CopyResult(driveLogStatus: .completed) == .clean)
        #expect(CopyResult(driveLogStatus: .completedWithWarnings) == .warnings)
        #expect(CopyResult(driveLogStatus: .completedWithErrors) == .errors)
        #expect(CopyResult(driveLogStatus: .bitLockerKeyInvalid) == nil)
    }

    /// Every drive state in both vocabularies, as a drive reaches it through the lifecycle
    /// (states.md §3, §4, §5, §11.1, §11.2).
    @Test func everyDriveStateInBothVocabularies() throws {
        var s = try Scenario()
        let specified = try #require(s.drive(Fixture.driveA))
        #expect(specified.state.classic == "Specified")
        #expect(specified.previewStatus.label == "Data copy not started")
        #expect(specified.copyStatus == nil)
        #expect(specified.percentComplete == nil)
        #expect(specified.bytesSucceeded == nil)

        try s.shipAndReceive([Fixture.driveA])
        let received = try #require(s.drive(Fixture.driveA))
        #expect(received.state.classic == "Received")
        #expect(received.previewStatus.label == "Data copy not started")
        #expect(received.copyStatus == nil)
        let never = try #require(s.drive(Fixture.driveB))
        #expect(never.state.classic == "NeverReceived")
        #expect(never.previewStatus.token == "DiskNotReceived")
        #expect(never.previewStatus.label == "Disk not received at datacenter")
        #expect(never.copyStatus == nil)
        #expect(never.percentComplete == nil)

        try s.start(Fixture.driveA, bytes: 1_000)
        try s.apply { try $0.recordProgress($1, driveId: Fixture.driveA, bytesSucceeded: 379, at: $2) }
        let copying = try #require(s.drive(Fixture.driveA))
        #expect(copying.state.classic == "Transferring")
        #expect(copying.copyStatus?.token == "InProgress")
        #expect(copying.percentComplete == 37)
        #expect(copying.previewStatus.label == "37% completed")

        try s.apply { try $0.finishCopy($1, driveId: Fixture.driveA, result: .warnings, bytesSucceeded: 990, at: $2) }
        let done = try #require(s.drive(Fixture.driveA))
        #expect(done.state.classic == "CompletedMoreInfo")
        #expect(done.copyStatus?.token == "CompletedWithWarnings")
        #expect(done.percentComplete == 100)
        #expect(done.bytesSucceeded == 990)
        #expect(done.previewStatus.label == "Data copy completed with warnings")

        try s.shipBack()
        let back = try #require(s.drive(Fixture.driveA))
        #expect(back.state.classic == "ShippedBack")
        #expect(back.copyStatus?.token == "CompletedWithWarnings")
        #expect(back.previewStatus.label == "Data copy completed with warnings")
        #expect(s.drive(Fixture.driveB)?.state == .neverReceived)
    }

    @Test func cleanAndErrorOutcomes() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 10)
        try s.start(Fixture.driveB, bytes: 10)
        try s.finish(Fixture.driveA, .clean)
        try s.finish(Fixture.driveB, .errors)
        #expect(s.drive(Fixture.driveA)?.state.classic == "Completed")
        #expect(s.drive(Fixture.driveA)?.copyStatus?.token == "Completed")
        #expect(s.drive(Fixture.driveA)?.previewStatus.label == "Data copy completed")
        #expect(s.drive(Fixture.driveB)?.state.classic == "CompletedMoreInfo")
        #expect(s.drive(Fixture.driveB)?.copyStatus?.token == "CompletedWithErrors")
        #expect(s.drive(Fixture.driveB)?.previewStatus.label == "Data copy completed with errors")
    }

    /// states.md §4.2 closing paragraph and §11.1: a failed drive is Classic `CompletedMoreInfo`
    /// with `copyStatus` = the failure token, `percentComplete` 0, `bytesSucceeded` 0; the
    /// Preview shows the failure label. Checked for all thirteen processing failures.
    @Test func everyFailureStateMapsToCompletedMoreInfo() throws {
        for failure in DriveFailureState.allCases where failure != .diskNotReceived {
            var s = try Scenario()
            try s.shipAndReceive()
            try s.apply { try $0.failDrive($1, driveId: Fixture.driveA, failure: failure, reason: "test", at: $2) }
            let drive = try #require(s.drive(Fixture.driveA))
            #expect(drive.state.classic == "CompletedMoreInfo")
            #expect(drive.copyStatus?.token == failure.rawValue)
            #expect(drive.percentComplete == 0)
            #expect(drive.bytesSucceeded == 0)
            #expect(drive.previewStatus.label == failure.label)
            #expect(drive.failureReason == "test")
        }
    }

    @Test func bitLockerKeyIsNeverPrinted() {
        let secret = "486717-373197-216029-527087-531740-482504-024706-333916"
        let key = BitLockerKey(secret)
        var drive = Drive(driveId: "ZA1B2C3D", state: .specified)
        drive.bitLockerKey = key
        var dumped = ""
        dump(drive, to: &dumped)
        for text in ["\(key)", String(reflecting: key), "\(drive)", String(reflecting: drive), dumped] {
            #expect(!text.contains("486717"), "\(text)")
        }
        #expect("\(key)" == "BitLocker key (redacted)")
        #expect(key.revealed == secret)
    }
}
