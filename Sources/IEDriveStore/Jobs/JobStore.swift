import Foundation
import GRDB
public import IEDriveCore
import IEDriveSystem

/// The daemon's jobs and their event history on the state database. A job is stored whole as
/// a JSON document (every field, timers, outcomes, timestamps) so a restarted daemon continues
/// where it stood; its drives' recovery keys are never in that document but sealed with the
/// host key in `driveKey`. Each call is one transaction.
public final class JobStore: Sendable {
    private let database: StateDatabase
    private let cipher: RecoveryKeyCipher
    private let hostKeyPath: String

    public init(database: StateDatabase, hostKey: HostKey) {
        self.database = database
        self.cipher = RecoveryKeyCipher(hostKey: hostKey)
        self.hostKeyPath = hostKey.path
    }

    /// Every job, by creation time, then name. Throws `JobStoreError` if a document or a key
    /// cannot be read (no job is dropped silently).
    public func jobs() throws -> [Job] {
        let (rows, keys) = try database.pool.read { db in
            (try Row.fetchAll(db, sql: "SELECT name, document FROM job ORDER BY createdAt, name"),
             try Row.fetchAll(db, sql: "SELECT jobName, driveId, ciphertext FROM driveKey"))
        }
        var keysByJob: [String: [Row]] = [:]
        for key in keys { keysByJob[(key["jobName"] as String).lowercased(), default: []].append(key) }
        return try rows.map { row in
            let name: String = row["name"]
            return try restore(name: name, document: row["document"], keys: keysByJob[name.lowercased()] ?? [])
        }
    }

    /// The job named `name`, compared case-insensitively; nil if there is none.
    public func job(named name: String) throws -> Job? {
        let found = try database.pool.read { db -> (Row, [Row])? in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, document FROM job WHERE name = ?", arguments: [name]) else {
                return nil
            }
            let keys = try Row.fetchAll(db, sql: "SELECT jobName, driveId, ciphertext FROM driveKey WHERE jobName = ?",
                                        arguments: [name])
            return (row, keys)
        }
        guard let (row, keys) = found else { return nil }
        return try restore(name: row["name"], document: row["document"], keys: keys)
    }

    /// Stores `job` (inserted, or replacing the job of the same name in any case) with its
    /// drives' keys, and appends `events` to the history, in one transaction. Returns the
    /// events as stored, with their ids.
    @discardableResult
    public func save(_ job: Job, events: [LifecycleEvent]) throws -> [StoredEvent] {
        let document = try StoreCoding.document(job)
        let sealedKeys = try job.drives.compactMap { drive -> (driveId: String, sealed: Data)? in
            guard let key = drive.bitLockerKey else { return nil }
            return (drive.driveId, Data(try cipher.seal(key, jobName: job.name, driveId: drive.driveId)))
        }
        let payloads = try events.map { try StoreCoding.payload($0.kind) }
        let now = Self.wallClockMilliseconds()
        return try database.pool.write { db in
            try db.cachedStatement(sql: """
                INSERT INTO job (name, document, state, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET document = excluded.document, state = excluded.state,
                    createdAt = excluded.createdAt, updatedAt = excluded.updatedAt
                """).execute(arguments: [job.name, document, job.state.rawValue,
                                         job.timestamps.createdAt.millisecondsSinceEpoch, now])
            try db.cachedStatement(sql: "DELETE FROM driveKey WHERE jobName = ?").execute(arguments: [job.name])
            let insertKey = try db.cachedStatement(sql: "INSERT INTO driveKey (jobName, driveId, ciphertext) VALUES (?, ?, ?)")
            for key in sealedKeys {
                try insertKey.execute(arguments: [job.name, key.driveId, key.sealed])
            }
            return try Self.append(events, payloads: payloads, jobName: job.name, in: db)
        }
    }

    /// Removes the job named `name` (case-insensitively) and its keys, and appends `events`
    /// (under the stored spelling of the name), in one transaction. The job's earlier events
    /// stay. Removing a job that is not there only appends the events.
    @discardableResult
    public func delete(jobNamed name: String, events: [LifecycleEvent]) throws -> [StoredEvent] {
        let payloads = try events.map { try StoreCoding.payload($0.kind) }
        return try database.pool.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT name FROM job WHERE name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM job WHERE name = ?", arguments: [name])
            return try Self.append(events, payloads: payloads, jobName: stored ?? name, in: db)
        }
    }

    /// Up to `limit` events with ids above `id`, ascending: pass the last id seen to resume.
    public func events(after id: Int64, limit: Int) throws -> [StoredEvent] {
        let rows = try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, at, jobName, payload FROM event WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [id, max(0, limit)])
        }
        return try rows.map { row in
            let id: Int64 = row["id"]
            let jobName: String = row["jobName"]
            let kind = try StoreCoding.kind(row["payload"], id: id, jobName: jobName)
            return StoredEvent(id: id, jobName: jobName,
                               event: LifecycleEvent(at: Instant(millisecondsSinceEpoch: row["at"]), kind))
        }
    }

    /// The highest event id, 0 when there are none: a stream that starts now passes it to
    /// `events(after:limit:)`.
    public func latestEventID() throws -> Int64 {
        try database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event") ?? 0 }
    }

    // MARK: Parts

    private func restore(name: String, document: String, keys: [Row]) throws -> Job {
        var job = try StoreCoding.job(document, name: name)
        for row in keys {
            let driveId: String = row["driveId"]
            let sealed: Data = row["ciphertext"]
            // A key row always has its drive: `save` rewrites the keys with the document.
            guard let index = job.driveIndex(driveId) else { continue }
            do {
                job.drives[index].bitLockerKey = try cipher.open(Array(sealed), jobName: job.name, driveId: driveId)
            } catch {
                throw JobStoreError.recoveryKeyUnreadable(jobName: job.name, driveId: driveId, hostKeyPath: hostKeyPath)
            }
        }
        return job
    }

    private static func append(_ events: [LifecycleEvent], payloads: [String], jobName: String,
                               in db: Database) throws -> [StoredEvent] {
        guard !events.isEmpty else { return [] }
        let insert = try db.cachedStatement(sql: "INSERT INTO event (at, jobName, driveId, kind, payload) VALUES (?, ?, ?, ?, ?)")
        var stored: [StoredEvent] = []
        stored.reserveCapacity(events.count)
        for (event, payload) in zip(events, payloads) {
            try insert.execute(arguments: [event.at.millisecondsSinceEpoch, jobName, event.kind.driveId, event.kind.name, payload])
            stored.append(StoredEvent(id: db.lastInsertedRowID, jobName: jobName, event: event))
        }
        return stored
    }

    private static func wallClockMilliseconds() -> Int64 {
        SystemClock.realtimeNanoseconds() / 1_000_000
    }
}
