import IEDriveCore
@testable import IEDriveDaemon
import IEDriveTestSupport
import Testing

/// The drive supervisor without root: drives presented by hand (no udev), trips run as
/// children of its `run()`, at most `maxConcurrentDrives` at once, stopped on shutdown.
@Suite struct SupervisorTests {
    static func drive(_ id: String) -> FakeDrive {
        FakeDrive(driveId: id, files: [FakeDrive.File("/\(id).bin", testBytes(600_000, seed: UInt64(id.hashValue & 0xffff)))],
                  blockSize: 64 << 10)
    }

    @Test func presentedDrivesOfReceivedJobsRunToTheEnd() async throws {
        let bench = try DaemonBench("supervisor-runs", maxConcurrentDrives: 1)
        defer { bench.cleanup() }
        let drives = ["DRIVEA", "DRIVEB", "DRIVEC"].map(Self.drive)
        try await bench.receivedImportJob("job-a", drives: drives.map { ($0.driveId, $0.volume().manifestMD5) })
        let supervisor = bench.daemon.supervisor
        async let running: Void = supervisor.run()
        for drive in drives { await supervisor.present(bench.attach(drive).medium) }
        // A drive no job lists is an extra drive: never opened.
        let extra = Self.drive("EXTRA1")
        await supervisor.present(bench.attach(extra).medium)

        let done = try await bench.waitUntil {
            try await bench.registry.job(JobKey.fixture("job-a")).drives.allSatisfy { $0.state == .completed }
        }
        #expect(done)
        #expect(bench.sessions.opened == 3)
        #expect(bench.sessions.maximumOpen == 1)
        for drive in drives {
            #expect(try bench.stage.blobBytes("import" + drive.files[0].path) == drive.files[0].bytes)
        }
        supervisor.stopAll()
        await running
        #expect(await supervisor.status.running == 0)
    }

    @Test func shutdownStopsRunningTripsAtACheckpoint() async throws {
        let bench = try DaemonBench("supervisor-stop")
        defer { bench.cleanup() }
        let drive = Self.drive("DRIVEA")
        try await bench.receivedImportJob("job-a", drives: [(drive.driveId, drive.volume().manifestMD5)])
        let (medium, volume) = bench.attach(drive)
        let gate = volume.hold(drive.files[0].path)
        let supervisor = bench.daemon.supervisor
        async let running: Void = supervisor.run()
        await supervisor.present(medium)
        await gate.reached()
        #expect(await supervisor.status.running == 1)

        supervisor.stopAll()
        await running                 // returns only once the trip has ended

        #expect(bench.sessions.open == 0)
        let record = try await bench.drive("job-a", drive.driveId)
        #expect(record.outcome == .none, "stopped, not failed: it resumes at the next start")
        #expect(record.state != .completed)
        // Nothing new starts once stopping.
        await supervisor.present(bench.attach(Self.drive("DRIVEA")).medium)
        #expect(await supervisor.status.running == 0)
    }
}
