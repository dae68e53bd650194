import IEDriveCore
import Testing

@Suite struct JobProgressTests {
    /// rest-api.md §8.2: 620 of 1 000 GB and 360 of 2 000 GB → drives 62 and 18, job 32.
    @Test func specExampleMidCopy() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        #expect(s.job.percentComplete == nil, "omitted before Transferring (swagger example)")
        try s.start(Fixture.driveA, bytes: 1_000_000_000_000)
        try s.start(Fixture.driveB, bytes: 2_000_000_000_000)
        try s.apply { try $0.recordProgress($1, driveId: Fixture.driveA, bytesSucceeded: 620_000_000_000, at: $2) }
        try s.apply { try $0.recordProgress($1, driveId: Fixture.driveB, bytesSucceeded: 360_000_000_000, at: $2) }
        #expect(s.job.classicState() == "Transferring")
        #expect(s.job.percentComplete == 32)
        #expect(s.drive(Fixture.driveA)?.percentComplete == 62)
        #expect(s.drive(Fixture.driveB)?.percentComplete == 18)
        #expect(s.drive(Fixture.driveA)?.copyStatus?.token == "InProgress")
        #expect(s.drive(Fixture.driveA)?.bytesSucceeded == 620_000_000_000)
        #expect(s.drive(Fixture.driveA)?.logs == DriveLogLinks.none, "logs appear when each drive finishes")
    }

    /// rest-api.md §8.3 `lab-import-07`: one drive failed its pre-copy checks
    /// (`BitLockerKeyInvalid`), shipped back: job `Closed` at 100 %, drive 0 % and 0 bytes.
    @Test func specExampleClosedJob() throws {
        var s = try Scenario(Fixture.importRequest(name: "lab-import-07", drives: ["ZQ7Y6X5W"]))
        try s.shipAndReceive(["ZQ7Y6X5W"])
        let errorLog = "https://contosodata.blob.core.windows.net/waimportexport/waies/lab-import-07_ZQ7Y6X5W_20240520-143011-502_error.xml"
        try s.apply {
            try $0.failDrive($1, driveId: "ZQ7Y6X5W", failure: .bitLockerKeyInvalid, reason: "the key does not unlock",
                             logs: DriveLogLinks(errorLogUri: errorLog), at: $2)
        }
        s.wait(.milliseconds(1))
        try s.shipBack()
        let drive = try #require(s.drive("ZQ7Y6X5W"))
        #expect(s.job.classicState() == "Closed")
        #expect(s.job.percentComplete == 100)
        #expect(drive.state.classic == "ShippedBack")
        #expect(drive.copyStatus?.token == "BitLockerKeyInvalid")
        #expect(drive.percentComplete == 0)
        #expect(drive.bytesSucceeded == 0)
        #expect(drive.logs.errorLogUri == errorLog)
        #expect(s.job.returnPackage?.driveCount == 1)
        #expect(s.job.returnPackage?.trackingNumber == "JD0140000000777")
    }

    /// §11.1: only drives whose copy started count; a finished drive counts as fully done.
    @Test func weightingAndRounding() throws {
        var s = try Scenario(Fixture.importRequest(drives: ["A1", "A2", "A3"]))
        try s.shipAndReceive(["A1", "A2", "A3"])
        try s.start("A1", bytes: 3)
        #expect(s.job.percentComplete == 0)
        try s.apply { try $0.recordProgress($1, driveId: "A1", bytesSucceeded: 2, at: $2) }
        #expect(s.job.percentComplete == 66, "floor(200/3)")
        try s.apply { try $0.failDrive($1, driveId: "A2", failure: .diskCorrupted, reason: "x", at: $2) }
        #expect(s.job.percentComplete == 66, "a drive failed before its copy does not count")
        try s.start("A3", bytes: 7)
        #expect(s.job.percentComplete == 20, "floor(100 × 2/10)")
        try s.apply { try $0.finishCopy($1, driveId: "A1", result: .errors, bytesSucceeded: 1, at: $2) }
        #expect(s.job.percentComplete == 30, "A1 finished: 3 of 3 done")
        try s.finish("A3")
        #expect(s.job.percentComplete == 100)
    }

    @Test func nothingToCopyIsZeroUntilPackaging() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: 0)
        #expect(s.job.percentComplete == 0)
        #expect(s.drive(Fixture.driveA)?.percentComplete == 0)
        try s.start(Fixture.driveB, bytes: 0)
        try s.finish(Fixture.driveA)
        #expect(s.job.percentComplete == 0)
        try s.finish(Fixture.driveB)
        #expect(s.job.state == .packaging)
        #expect(s.job.percentComplete == 100)
    }

    @Test func hugeByteCountsDoNotOverflow() throws {
        var s = try Scenario()
        try s.shipAndReceive()
        try s.start(Fixture.driveA, bytes: .max / 2)
        try s.start(Fixture.driveB, bytes: .max / 2)
        try s.apply { try $0.recordProgress($1, driveId: Fixture.driveA, bytesSucceeded: .max / 2, at: $2) }
        #expect(s.drive(Fixture.driveA)?.percentComplete == 100)
        #expect(s.job.percentComplete == 50)
    }
}
