import Foundation
import GRDB
import IEDriveCore
@testable import IEDriveStore
import Testing

@Suite("Job store: jobs survive a restart whole, keys sealed")
struct JobStoreRoundTripTests {
    @Test("the fixture job has every optional set but the one keyless drive's key")
    func fixtureIsFull() {
        #expect(StoreFixture.nilOptionals(in: StoreFixture.fullJob()) == ["job.drives.[2].bitLockerKey"])
        #expect(StoreFixture.fullJob().timers.running.count == JobTimer.allCases.count)
    }

    @Test("a fully populated job and every event kind come back equal from a reopened database")
    func roundTrip() throws {
        let scratch = try StoreScratch("store-roundtrip")
        defer { scratch.cleanup() }
        let job = StoreFixture.fullJob()
        let events = StoreFixture.everyEventKind()
        let stored = try scratch.open().store.save(job, events: events)
        #expect(stored.map(\.event) == events)
        #expect(stored.map(\.id) == Array(1...Int64(events.count)))

        let reopened = try scratch.open().store
        let loaded = try reopened.job(job.key)
        #expect(loaded == job)
        #expect(loaded?.drives.map { $0.bitLockerKey?.revealed } == [StoreFixture.recoveryPassword, StoreFixture.base64Key, nil])
        #expect(try reopened.jobs() == [job])
        // The timers still fire in the same order, from where they stood.
        #expect(loaded?.timers.running.map(\.timer) == job.timers.running.map(\.timer))
        #expect(loaded?.timers.running.map(\.deadline) == job.timers.running.map(\.deadline))
        let history = try reopened.events(after: 0, limit: 1_000)
        #expect(history == stored)
        #expect(history.allSatisfy { $0.jobName == job.name })
    }

    @Test("a second save replaces the job and its keys; a drive that lost its key has none after reload")
    func saveReplaces() throws {
        let scratch = try StoreScratch("store-replace")
        defer { scratch.cleanup() }
        var job = StoreFixture.fullJob()
        let store = try scratch.open().store
        try store.save(job, events: [])
        job.drives[0].bitLockerKey = nil
        job.drives[1].bytesSucceeded = 999
        job.timers.stop(.receipt)
        try store.save(job, events: [])
        let loaded = try scratch.open().store.job(job.key)
        #expect(loaded == job)
        #expect(try scratch.open().store.jobs().count == 1)
    }

    @Test("recovery keys are nowhere in the database files; the document holds no key field")
    func keysNotInFile() throws {
        let scratch = try StoreScratch("store-keys")
        defer { scratch.cleanup() }
        let (database, store) = try scratch.open()
        try store.save(StoreFixture.fullJob(), events: StoreFixture.everyEventKind())
        let bytes = try scratch.rawDatabaseBytes()
        #expect(!bytes.isEmpty)
        // SQLite splits a long row over pages (and the WAL puts a frame header before each), so a
        // stored string can be cut in two anywhere: search for its pieces. Not one piece of a key
        // may be there: each group of the recovery password, each quarter of the base64 key.
        let secretPieces = StoreFixture.recoveryPassword.split(separator: "-").map(String.init)
            + StoreFixture.base64Key.pieces(of: 10)
        #expect(secretPieces.filter { bytes.range(of: Data($0.utf8)) != nil } == [])
        // The search does look at the stored text (a control: a field that is stored). A page
        // boundary can cut one of its pieces, not two.
        let storedPieces = ["intake@", "contoso", ".example"]
        #expect(storedPieces.filter { bytes.range(of: Data($0.utf8)) == nil }.count <= 1)
        let document = try database.pool.read { try String.fetchOne($0, sql: "SELECT document FROM job") }
        #expect(document?.contains("bitLockerKey") == false)
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM driveKey") } == 2)
        // Present again after reload.
        let loaded = try scratch.open().store.job(JobKey.fixture("harbor-import-01"))
        #expect(loaded?.drives[0].bitLockerKey?.revealed == StoreFixture.recoveryPassword)
    }

    @Test("another host key: loading names the job and drive, never the key")
    func wrongHostKey() throws {
        let scratch = try StoreScratch("store-wrongkey")
        defer { scratch.cleanup() }
        try scratch.open().store.save(StoreFixture.fullJob(), events: [])
        let other = scratch.directory.file("other/host.key")
        let store = try scratch.open(hostKeyPath: other).store
        let expected = JobStoreError.recoveryKeyUnreadable(jobName: "Harbor-Import-01", driveId: "ZA1B2C3D", hostKeyPath: other)
        #expect(throws: expected) { try store.jobs() }
        #expect(throws: expected) { try store.job(JobKey.fixture("HARBOR-import-01")) }
        let text = expected.description
        #expect(text.contains("ZA1B2C3D") && text.contains("Harbor-Import-01"))
        #expect(!text.contains(StoreFixture.recoveryPassword))
    }

    @Test("a sealed key moved to another drive's row does not open there")
    func movedCiphertext() throws {
        let scratch = try StoreScratch("store-moved")
        defer { scratch.cleanup() }
        let (database, store) = try scratch.open()
        try store.save(StoreFixture.fullJob(), events: [])
        try database.pool.write { db in
            try db.execute(sql: "UPDATE driveKey SET driveId = 'ZC7A8B9C' WHERE driveId = 'ZA1B2C3D'")
        }
        #expect(throws: JobStoreError.recoveryKeyUnreadable(jobName: "Harbor-Import-01", driveId: "ZC7A8B9C",
                                                           hostKeyPath: scratch.hostKeyPath)) {
            try store.job(JobKey.fixture("Harbor-Import-01"))
        }
    }

    @Test("names compare case-insensitively; the stored spelling is kept")
    func caseInsensitive() throws {
        let scratch = try StoreScratch("store-case")
        defer { scratch.cleanup() }
        let store = try scratch.open().store
        try store.save(StoreFixture.fullJob(name: "Harbor-Import-01"), events: [])
        #expect(try store.job(JobKey.fixture("HARBOR-IMPORT-01"))?.name == "Harbor-Import-01")
        #expect(try store.job(JobKey.fixture("harbor-import-01"))?.drives[0].bitLockerKey?.revealed == StoreFixture.recoveryPassword)
        #expect(try store.job(JobKey.fixture("harbor-import-02")) == nil)
        var renamed = StoreFixture.fullJob(name: "harbor-IMPORT-01")
        renamed.tags = ["second": "save"]
        try store.save(renamed, events: [])
        let all = try store.jobs()
        #expect(all.count == 1)
        #expect(all.first?.tags == ["second": "save"])
        #expect(all.first?.drives[1].bitLockerKey?.revealed == StoreFixture.base64Key)
    }

    @Test("jobs come by creation time, then name")
    func ordering() throws {
        let scratch = try StoreScratch("store-order")
        defer { scratch.cleanup() }
        let store = try scratch.open().store
        try store.save(StoreFixture.fullJob(name: "bravo", createdAt: StoreFixture.at(1)), events: [])
        try store.save(StoreFixture.fullJob(name: "charlie", createdAt: StoreFixture.at(0)), events: [])
        try store.save(StoreFixture.fullJob(name: "Alpha", createdAt: StoreFixture.at(1)), events: [])
        #expect(try store.jobs().map(\.name) == ["charlie", "Alpha", "bravo"])
    }

    @Test("saving a job of 10 drives is quick")
    func saveSpeed() throws {
        let scratch = try StoreScratch("store-speed")
        defer { scratch.cleanup() }
        let store = try scratch.open().store
        var job = StoreFixture.fullJob()
        job.drives = (0..<10).map { StoreFixture.drive("DRIVE\($0)", key: StoreFixture.recoveryPassword, outcome: .none) }
        let rounds = 200
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for round in 0..<rounds {
                job.drives[round % 10].bytesSucceeded = Int64(round)
                try store.save(job, events: [LifecycleEvent(at: StoreFixture.at(Int64(round)), .driveProbeStarted(driveId: "DRIVE0"))])
            }
        }
        let perSave = elapsed / rounds
        print("JobStore.save, 10 drives: \(perSave) per save")
        // Loose bound (shared, loaded machine); measured well under a millisecond when idle.
        #expect(perSave < .milliseconds(100))
        #expect(try store.job(job.key) == job)
    }
}

extension String {
    /// The string cut into pieces of `length` characters (the last may be shorter).
    fileprivate func pieces(of length: Int) -> [String] {
        stride(from: 0, to: count, by: length).map { start in
            let from = index(startIndex, offsetBy: start)
            return String(self[from..<(index(from, offsetBy: length, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
