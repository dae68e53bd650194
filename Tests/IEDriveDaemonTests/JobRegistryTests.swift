import Foundation
@testable import IEDriveDaemon
import IEDriveCore
import IEDriveStore
import Testing

/// The registry over the real SQLite store: operations at the clock's now, timers fired before
/// each operation, everything back after a reopen, events published with their stored ids.
@Suite struct JobRegistryTests {
    struct Fixture {
        let directory: String
        let clock: DaemonClock
        let hub = EventHub()

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("iedrive-registry-\(UUID())").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            clock = DaemonClock(mode: .manual, simulatedStart: Instant(millisecondsSinceEpoch: 1_780_000_000_000))
        }

        func registry() throws -> JobRegistry {
            let store = JobStore(database: try StateDatabase(path: directory + "/state.sqlite"),
                                 hostKey: try HostKey.loadOrCreate(path: directory + "/host.key"))
            return JobRegistry(lifecycle: JobLifecycle(), clock: clock, persistence: store, hub: hub, jobs: try store.loadJobs())
        }

        func cleanup() { try? FileManager.default.removeItem(atPath: directory) }
    }

    static func creation(_ name: String, drive: String = "SERIAL01") -> JobCreation {
        var request = JobCreation(scope: .fixture, name: name, type: .import, location: "West Europe",
                                  storageAccountId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a")
        request.returnAddress = ReturnAddress(recipientName: "R", streetAddress1: "1 Quay", city: "Rotterdam",
                                              postalCode: "3011", countryOrRegion: "Netherlands", phone: "1", email: "r@example.com")
        request.drives = [DriveSpecification(driveId: drive, bitLockerKey: BitLockerKey("000000-000000-000000-000000-000000-000000-000000-000000"),
                                             manifestFile: "\\DriveManifest.xml", manifestHash: String(repeating: "A", count: 32))]
        return request
    }

    @Test func createStoreReopenAndTimersFire() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let events = fixture.hub.subscribe()
        do {
            let registry = try fixture.registry()
            let (job, created) = try await registry.put(Self.creation("Harbor-01"))
            #expect(created && job.state == .creating)
            let (_, again) = try await registry.put(Self.creation("harbor-01"))
            #expect(!again, "a PUT on a Creating job replaces it")
            await #expect(throws: LifecycleRefusal.self) { try await registry.job(JobKey.fixture("missing")) }
        }
        // Reopened: the job is there, names compare case-insensitively, the key came back.
        let reopened = try fixture.registry()
        let job = try await reopened.job(JobKey.fixture("HARBOR-01"))
        #expect(job.drives.first?.bitLockerKey?.revealed == "000000-000000-000000-000000-000000-000000-000000-000000")
        #expect(try await reopened.owner(ofDrive: "SERIAL01")?.name == "Harbor-01")
        // J4: 14 days awaiting shipment → deleted at the next look.
        _ = fixture.clock.advance(by: .days(15))
        #expect(try await reopened.jobs(in: .all).isEmpty)
        var kinds: [String] = []
        for await event in events {
            if case .lifecycle(let id, _, let lifecycle) = event {
                #expect(id > 0)
                kinds.append("\(lifecycle.kind)")
                if case .jobDeleted = lifecycle.kind { break }
            }
        }
        #expect(kinds.first == "jobCreated", "\(kinds)")
    }

    @Test func clockNeverGoesBackAcrossACheckpoint() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let checkpoint = ClockCheckpoint(stateDirectory: fixture.directory)
        #expect(checkpoint.load() == nil)
        let later = fixture.clock.advance(by: .days(400))
        try checkpoint.save(later)
        let restarted = DaemonClock(mode: .real, simulatedStart: checkpoint.load())
        #expect(restarted.now() >= later)
    }
}
