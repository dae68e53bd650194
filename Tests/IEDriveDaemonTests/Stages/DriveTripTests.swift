import IEDriveCopy
import IEDriveCore
@testable import IEDriveDaemon
import IEDriveStore
import IEDriveTestSupport
import Testing

/// A drive's whole trip (intake → session → manifest → copy → logs → state) without root, on
/// the daemon the composition root builds over in-memory and temporary-directory parts.
@Suite struct DriveTripTests {
    static let files = [
        FakeDrive.File("/photos/a.jpg", testBytes(300_000, seed: 1)),
        FakeDrive.File("/photos/b.jpg", testBytes(2 << 20, seed: 2)),
        FakeDrive.File("/notes.txt", Array("hello".utf8)),
    ]

    func trip(_ bench: DaemonBench) -> DriveTrip {
        let database = bench.stage.database
        return DriveTrip(registry: bench.registry, sessions: bench.sessions, targets: SingleTarget(bench.stage.target),
                         journal: { SQLiteCopyJournal(database: database) }, copyOptions: CopyOptions(),
                         logger: bench.daemon.logger)
    }

    @Test(arguments: [false, true])
    func aReceivedDriveIsCopiedAndItsEndRecorded(mapped: Bool) async throws {
        let bench = try DaemonBench("trip-copies")
        defer { bench.cleanup() }
        let drive = FakeDrive(driveId: "DRIVE01", files: Self.files)
        try await bench.receivedImportJob("job-a", drives: [("DRIVE01", drive.volume().manifestMD5)], logLevel: .verbose)
        let (medium, _) = bench.attach(drive, mapped: mapped)
        #expect(try await bench.drive("job-a", "DRIVE01").state == .received)

        await trip(bench).run(job: JobKey.fixture("job-a"), medium: medium, stop: StopSignal())

        let record = try await bench.drive("job-a", "DRIVE01")
        #expect(record.state == .completed)
        let total = Self.files.reduce(0) { $0 + Int64($1.bytes.count) }
        #expect(record.bytesSucceeded == total)
        #expect(record.percentComplete == 100)
        for file in Self.files { #expect(try bench.stage.blobBytes("import" + file.path) == file.bytes) }
        // Both logs were published into the diagnostics container, and linked from the drive.
        let errorLog = try #require(record.logs.errorLogUri)
        let verboseLog = try #require(record.logs.verboseLogUri)
        #expect(errorLog.hasSuffix("_error.xml") && verboseLog.hasSuffix("_verbose.xml"))
        let logs = try bench.stage.blobNames("waimportexport")
        #expect(logs.count == 2)
        #expect(bench.sessions.open == 0)
    }

    @Test func aWrongKeyIsBitLockerKeyInvalid() async throws {
        let bench = try DaemonBench("trip-wrong-key")
        defer { bench.cleanup() }
        let drive = FakeDrive(driveId: "DRIVE01", files: Self.files)
        try await bench.receivedImportJob("job-a", drives: [("DRIVE01", drive.volume().manifestMD5)])
        let (medium, volume) = bench.attach(drive)
        bench.sessions.attach(medium.devicePath, volume, key: try RecoveryPassword("111111-111111-111111-111111-111111-111111-111111-111111"))
        await trip(bench).run(job: JobKey.fixture("job-a"), medium: medium, stop: StopSignal())
        let record = try await bench.drive("job-a", "DRIVE01")
        #expect(record.outcome == .failed(.bitLockerKeyInvalid))
        #expect(try bench.stage.blobNames().isEmpty)
    }

    @Test func aManifestThatIsNotTheJobsIsAManifestFileError() async throws {
        let bench = try DaemonBench("trip-manifest")
        defer { bench.cleanup() }
        let drive = FakeDrive(driveId: "DRIVE01", files: Self.files)
        try await bench.receivedImportJob("job-a", drives: [("DRIVE01", String(repeating: "A", count: 32))])
        let (medium, _) = bench.attach(drive)
        await trip(bench).run(job: JobKey.fixture("job-a"), medium: medium, stop: StopSignal())
        let record = try await bench.drive("job-a", "DRIVE01")
        #expect(record.outcome == .failed(.manifestFileError))
        #expect(record.logs.errorLogUri != nil)
    }

    @Test func aDeviceThatCannotBeOpenedLeavesTheDriveReceived() async throws {
        let bench = try DaemonBench("trip-host")
        defer { bench.cleanup() }
        try await bench.receivedImportJob("job-a", drives: [("DRIVE01", String(repeating: "A", count: 32))])
        let medium = AttachedMedium(key: "k", devicePath: "/dev/gone", driveId: "DRIVE01")
        await trip(bench).run(job: JobKey.fixture("job-a"), medium: medium, stop: StopSignal())
        #expect(try await bench.drive("job-a", "DRIVE01").state == .received)
    }

    @Test(arguments: [false, true])
    func aStoppedTripResumesFromItsJournal(mapped: Bool) async throws {
        let bench = try DaemonBench("trip-stop")
        defer { bench.cleanup() }
        let drive = FakeDrive(driveId: "DRIVE01", files: Self.files, blockSize: 64 << 10)
        try await bench.receivedImportJob("job-a", drives: [("DRIVE01", drive.volume().manifestMD5)])
        let (medium, volume) = bench.attach(drive, mapped: mapped)
        let stop = StopSignal()
        // Held in the middle of the big file's read (through the reader), or stopped at the
        // next piece (mapped): either way the copy stops at a checkpoint.
        let gate = volume.hold("/photos/b.jpg")
        let sessions = bench.sessions
        async let tripped: Void = trip(bench).run(job: JobKey.fixture("job-a"), medium: medium, stop: stop)
        if !mapped { await gate.reached() }
        stop.stop()
        await tripped
        #expect(try await bench.drive("job-a", "DRIVE01").state != .completed)
        #expect(sessions.open == 0)

        let (medium2, _) = bench.attach(drive, mapped: mapped)
        await trip(bench).run(job: JobKey.fixture("job-a"), medium: medium2, stop: StopSignal())
        let record = try await bench.drive("job-a", "DRIVE01")
        #expect(record.state == .completed)
        for file in Self.files { #expect(try bench.stage.blobBytes("import" + file.path) == file.bytes) }
    }
}
