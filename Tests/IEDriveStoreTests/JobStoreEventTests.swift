import GRDB
import IEDriveCore
@testable import IEDriveStore
import Testing

@Suite("Job store: the event history")
struct JobStoreEventTests {
    @Test("delete removes the job and its keys; its events stay, the delete's own appended")
    func deleteKeepsEvents() throws {
        let scratch = try StoreScratch("store-delete")
        defer { scratch.cleanup() }
        let (database, store) = try scratch.open()
        let created = try store.save(StoreFixture.fullJob(), events: [LifecycleEvent(at: StoreFixture.t0, .jobCreated)])
        let deletion = LifecycleEvent(at: StoreFixture.at(5), .jobDeleted(.deleteRequest))
        let deleted = try store.delete(JobKey.fixture("HARBOR-IMPORT-01"), events: [deletion])
        #expect(deleted.map(\.jobName) == ["Harbor-Import-01"])
        #expect(deleted.map(\.event) == [deletion])
        #expect(try store.job(JobKey.fixture("Harbor-Import-01")) == nil)
        #expect(try store.jobs().isEmpty)
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM driveKey") } == 0)
        let history = try scratch.open().store.events(after: 0, limit: 10)
        #expect(history == created + deleted)
    }

    @Test("events page in ascending ids; latestEventID is the last; ids go on after a restart")
    func paging() throws {
        let scratch = try StoreScratch("store-paging")
        defer { scratch.cleanup() }
        let store = try scratch.open().store
        #expect(try store.latestEventID() == 0)
        #expect(try store.events(after: 0, limit: 10).isEmpty)
        let events = (0..<25).map { LifecycleEvent(at: StoreFixture.at(Int64($0)), .driveProbeStarted(driveId: "D\($0)")) }
        let stored = try store.save(StoreFixture.fullJob(), events: events)
        var pages: [[StoredEvent]] = []
        var after: Int64 = 0
        while true {
            let page = try store.events(after: after, limit: 10)
            guard let last = page.last else { break }
            pages.append(page)
            after = last.id
        }
        #expect(pages.map(\.count) == [10, 10, 5])
        #expect(pages.flatMap { $0 } == stored)
        #expect(try store.latestEventID() == stored.last?.id)
        #expect(try store.events(after: stored[11].id, limit: 3).map(\.id) == stored[12...14].map(\.id))

        let reopened = try scratch.open().store
        let next = try reopened.save(StoreFixture.fullJob(name: "other-job"), events: [LifecycleEvent(at: StoreFixture.t0, .jobCreated)])
        #expect(next.map(\.id) == [26])
        #expect(try reopened.events(after: 25, limit: 10) == next)
    }

    @Test("each event row carries its kind name and drive for queries by hand")
    func eventColumns() throws {
        let scratch = try StoreScratch("store-columns")
        defer { scratch.cleanup() }
        let (database, store) = try scratch.open()
        try store.save(StoreFixture.fullJob(), events: StoreFixture.everyEventKind())
        let rows = try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, kind, driveId FROM event ORDER BY id")
        }
        let events = StoreFixture.everyEventKind()
        #expect(rows.map { $0["kind"] as String } == events.map(\.kind.name))
        #expect(rows.map { $0["driveId"] as String? } == events.map(\.kind.driveId))
        #expect(rows.map { $0["at"] as Int64 } == events.map(\.at.millisecondsSinceEpoch))
        #expect(rows[6]["driveId"] as String? == "ZA1B2C3D")
    }
}
