import Foundation
import GRDB
import IEDriveCore
@testable import IEDriveStore
import IEDriveTestSupport
import Testing

@Suite("Job store: jobs keyed by scope; v3 databases migrate keeping jobs, keys and events")
struct JobScopeMigrationTests {
    /// A database as `v3-jobs` left it: one job (its document without a scope, as v3 wrote
    /// them), its drives' keys sealed then, one event.
    static func writeV3Database(_ scratch: StoreScratch, job: Job) throws {
        let pool = try DatabasePool(path: scratch.databasePath)
        try StateDatabase.migrator.migrate(pool, upTo: "v3-jobs")
        var document = try JSONSerialization.jsonObject(with: Data(try StoreCoding.document(job).utf8)) as! [String: Any]
        document.removeValue(forKey: "scope")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: document, options: .sortedKeys), as: UTF8.self)
        let cipher = RecoveryKeyCipher(hostKey: try HostKey.loadOrCreate(path: scratch.hostKeyPath))
        try pool.write { db in
            try db.execute(sql: "INSERT INTO job (name, document, state, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0)",
                           arguments: [job.name, text, job.state.rawValue, job.timestamps.createdAt.millisecondsSinceEpoch])
            for drive in job.drives {
                guard let key = drive.bitLockerKey else { continue }
                let sealed = Data(try cipher.seal(key, jobName: job.name, driveId: drive.driveId))
                try db.execute(sql: "INSERT INTO driveKey (jobName, driveId, ciphertext) VALUES (?, ?, ?)",
                               arguments: [job.name, drive.driveId, sealed])
            }
            try db.execute(sql: "INSERT INTO event (at, jobName, driveId, kind, payload) VALUES (?, ?, NULL, 'jobCreated', ?)",
                           arguments: [job.timestamps.createdAt.millisecondsSinceEpoch, job.name,
                                       try StoreCoding.payload(.jobCreated)])
        }
    }

    @Test("a v3 job migrates, is adopted into the default scope once, and its sealed keys still open")
    func v3JobsMigrateWithTheirKeys() throws {
        let scratch = try StoreScratch("scope-migration")
        defer { scratch.cleanup() }
        let original = StoreFixture.fullJob()
        try Self.writeV3Database(scratch, job: original)

        let (_, store) = try scratch.open()
        // Before adoption the row has the empty scope, and still decodes.
        #expect(try store.jobs().map(\.key) == [JobKey(subscriptionId: "", resourceGroup: "", name: original.name)])
        #expect(try store.adoptUnscopedJobs(into: .otherTenant) == 1)
        #expect(try store.adoptUnscopedJobs(into: .fixture) == 0, "adoption happens once")

        var expected = original
        expected.scope = .otherTenant
        let (_, reopened) = try scratch.open()
        #expect(try reopened.jobs() == [expected])
        let found = try reopened.job(JobKey(subscriptionId: JobScope.otherTenant.subscriptionId.uppercased(),
                                            resourceGroup: "RG-OTHER", name: original.name.lowercased()))
        #expect(found?.drives.compactMap(\.bitLockerKey) == original.drives.compactMap(\.bitLockerKey))
        #expect(found?.drives.compactMap(\.bitLockerKey).isEmpty == false)
        #expect(try reopened.job(JobKey(scope: .fixture, name: original.name)) == nil)
        let events = try reopened.events(after: 0, limit: 10)
        #expect(events.map(\.job) == [expected.key])
    }

    @Test("the same name in two scopes is two jobs, each with its own keys; deleting one keeps the other")
    func sameNameInTwoScopes() throws {
        let scratch = try StoreScratch("scope-two")
        defer { scratch.cleanup() }
        let (_, store) = try scratch.open()
        var first = StoreFixture.fullJob(name: "twin")
        var second = StoreFixture.fullJob(name: "TWIN")
        second.scope = .otherTenant
        second.drives[0].bitLockerKey = BitLockerKey("111111-222222-333333-444444-555555-666666-777777-888888")
        try store.save(first, events: [])
        try store.save(second, events: [LifecycleEvent(at: StoreFixture.t0, .jobCreated)])
        #expect(Set(try store.jobs().map(\.key)) == [first.key, second.key])
        #expect(try store.job(first.key) == first)
        #expect(try store.job(second.key) == second)
        first.tags = ["changed": "yes"]
        try store.save(first, events: [])
        #expect(try store.job(second.key)?.tags == second.tags)
        let deleted = try store.delete(JobKey(scope: JobScope(subscriptionId: JobScope.fixture.subscriptionId, resourceGroup: "IEDRIVE"),
                                              name: "Twin"), events: [LifecycleEvent(at: StoreFixture.t0, .jobDeleted(.deleteRequest))])
        #expect(deleted.map(\.job) == [first.key])
        #expect(deleted.first?.job.scope.resourceGroup == "iedrive", "events keep the stored spelling")
        #expect(try store.jobs() == [second])
    }
}
