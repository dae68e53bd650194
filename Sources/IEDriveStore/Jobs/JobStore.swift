import Foundation
import GRDB
public import IEDriveCore
import IEDriveSystem

/// The daemon's jobs and their event history on the state database. A job is stored whole as
/// a JSON document (every field, timers, outcomes, timestamps) so a restarted daemon continues
/// where it stood; its drives' recovery keys are never in that document but sealed with the
/// host key in `driveKey`, bound to the job's name and the drive (not the scope: keys sealed
/// before jobs had one still open). Jobs are keyed by subscription, resource group and name,
/// each `COLLATE NOCASE`. Each call is one transaction.
public final class JobStore: Sendable {
    private let database: StateDatabase
    private let cipher: RecoveryKeyCipher
    private let hostKeyPath: String

    public init(database: StateDatabase, hostKey: HostKey) {
        self.database = database
        self.cipher = RecoveryKeyCipher(hostKey: hostKey)
        self.hostKeyPath = hostKey.path
    }

    /// Every job, by creation time, then scope and name. Throws `JobStoreError` if a document
    /// or a key cannot be read (no job is dropped silently).
    public func jobs() throws -> [Job] {
        let (rows, keys) = try database.pool.read { db in
            (try Row.fetchAll(db, sql: """
                SELECT subscriptionId, resourceGroup, name, document FROM job
                ORDER BY createdAt, subscriptionId, resourceGroup, name
                """),
             try Row.fetchAll(db, sql: "SELECT subscriptionId, resourceGroup, jobName, driveId, ciphertext FROM driveKey"))
        }
        var keysByJob: [JobKey: [Row]] = [:]
        for key in keys {
            keysByJob[JobKey(subscriptionId: key["subscriptionId"], resourceGroup: key["resourceGroup"], name: key["jobName"]),
                      default: []].append(key)
        }
        return try rows.map { row in
            let key = Self.key(of: row)
            return try restore(key, document: row["document"], keys: keysByJob[key] ?? [])
        }
    }

    /// The job with `key`, compared with ASCII case ignored; nil if there is none.
    public func job(_ key: JobKey) throws -> Job? {
        let arguments: StatementArguments = [key.scope.subscriptionId, key.scope.resourceGroup, key.name]
        let found = try database.pool.read { db -> (Row, [Row])? in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT subscriptionId, resourceGroup, name, document FROM job
                WHERE subscriptionId = ? AND resourceGroup = ? AND name = ?
                """, arguments: arguments) else {
                return nil
            }
            let keys = try Row.fetchAll(db, sql: """
                SELECT driveId, ciphertext FROM driveKey WHERE subscriptionId = ? AND resourceGroup = ? AND jobName = ?
                """, arguments: arguments)
            return (row, keys)
        }
        guard let (row, keys) = found else { return nil }
        return try restore(Self.key(of: row), document: row["document"], keys: keys)
    }

    /// Stores `job` (inserted, or replacing the job with the same key in any case) with its
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
        let scope = job.scope
        return try database.pool.write { db in
            try db.cachedStatement(sql: """
                INSERT INTO job (subscriptionId, resourceGroup, name, document, state, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subscriptionId, resourceGroup, name) DO UPDATE SET document = excluded.document,
                    state = excluded.state, createdAt = excluded.createdAt, updatedAt = excluded.updatedAt
                """).execute(arguments: [scope.subscriptionId, scope.resourceGroup, job.name, document, job.state.rawValue,
                                         job.timestamps.createdAt.millisecondsSinceEpoch, now])
            try db.cachedStatement(sql: "DELETE FROM driveKey WHERE subscriptionId = ? AND resourceGroup = ? AND jobName = ?")
                .execute(arguments: [scope.subscriptionId, scope.resourceGroup, job.name])
            let insertKey = try db.cachedStatement(sql: """
                INSERT INTO driveKey (subscriptionId, resourceGroup, jobName, driveId, ciphertext) VALUES (?, ?, ?, ?, ?)
                """)
            for key in sealedKeys {
                try insertKey.execute(arguments: [scope.subscriptionId, scope.resourceGroup, job.name, key.driveId, key.sealed])
            }
            return try Self.append(events, payloads: payloads, job: job.key, in: db)
        }
    }

    /// Removes the job with `key` (ASCII case ignored) and its keys, and appends `events`
    /// (under the stored spelling of its scope and name), in one transaction. The job's earlier
    /// events stay. Removing a job that is not there only appends the events.
    @discardableResult
    public func delete(_ key: JobKey, events: [LifecycleEvent]) throws -> [StoredEvent] {
        let payloads = try events.map { try StoreCoding.payload($0.kind) }
        let arguments: StatementArguments = [key.scope.subscriptionId, key.scope.resourceGroup, key.name]
        return try database.pool.write { db in
            let stored = try Row.fetchOne(db, sql: """
                SELECT subscriptionId, resourceGroup, name FROM job WHERE subscriptionId = ? AND resourceGroup = ? AND name = ?
                """, arguments: arguments)
            try db.execute(sql: "DELETE FROM job WHERE subscriptionId = ? AND resourceGroup = ? AND name = ?", arguments: arguments)
            return try Self.append(events, payloads: payloads, job: stored.map(Self.key(of:)) ?? key, in: db)
        }
    }

    /// Gives the jobs stored before jobs had a scope (migration `v4-job-scope` left them with
    /// the empty one), their drive keys and their events `scope`: the daemon's configured
    /// default. Idempotent; returns how many jobs it adopted.
    @discardableResult
    public func adoptUnscopedJobs(into scope: JobScope) throws -> Int {
        try database.pool.write { db in
            try db.execute(sql: """
                UPDATE job SET subscriptionId = ?, resourceGroup = ?,
                    document = json_set(document, '$.scope', json_object('resourceGroup', ?, 'subscriptionId', ?))
                WHERE subscriptionId = '' AND resourceGroup = ''
                """, arguments: [scope.subscriptionId, scope.resourceGroup, scope.resourceGroup, scope.subscriptionId])
            let adopted = db.changesCount
            try db.execute(sql: """
                UPDATE event SET subscriptionId = ?, resourceGroup = ? WHERE subscriptionId = '' AND resourceGroup = ''
                """, arguments: [scope.subscriptionId, scope.resourceGroup])
            return adopted
        }
    }

    /// Up to `limit` events with ids above `id`, ascending: pass the last id seen to resume.
    public func events(after id: Int64, limit: Int) throws -> [StoredEvent] {
        let rows = try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, at, subscriptionId, resourceGroup, jobName, payload FROM event WHERE id > ? ORDER BY id LIMIT ?
                """, arguments: [id, max(0, limit)])
        }
        return try rows.map { row in
            let id: Int64 = row["id"]
            let job = JobKey(subscriptionId: row["subscriptionId"], resourceGroup: row["resourceGroup"], name: row["jobName"])
            let kind = try StoreCoding.kind(row["payload"], id: id, jobName: job.name)
            return StoredEvent(id: id, job: job,
                               event: LifecycleEvent(at: Instant(millisecondsSinceEpoch: row["at"]), kind))
        }
    }

    /// The highest event id, 0 when there are none: a stream that starts now passes it to
    /// `events(after:limit:)`.
    public func latestEventID() throws -> Int64 {
        try database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event") ?? 0 }
    }

    // MARK: Parts

    private static func key(of row: Row) -> JobKey {
        JobKey(subscriptionId: row["subscriptionId"], resourceGroup: row["resourceGroup"], name: row["name"])
    }

    /// The job from its document; the scope and name in the key columns are the authority.
    private func restore(_ key: JobKey, document: String, keys: [Row]) throws -> Job {
        var job = try StoreCoding.job(document, name: key.name)
        job.scope = key.scope
        job.name = key.name
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

    private static func append(_ events: [LifecycleEvent], payloads: [String], job: JobKey,
                               in db: Database) throws -> [StoredEvent] {
        guard !events.isEmpty else { return [] }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event (at, subscriptionId, resourceGroup, jobName, driveId, kind, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        var stored: [StoredEvent] = []
        stored.reserveCapacity(events.count)
        for (event, payload) in zip(events, payloads) {
            try insert.execute(arguments: [event.at.millisecondsSinceEpoch, job.scope.subscriptionId, job.scope.resourceGroup,
                                           job.name, event.kind.driveId, event.kind.name, payload])
            stored.append(StoredEvent(id: db.lastInsertedRowID, job: job, event: event))
        }
        return stored
    }

    private static func wallClockMilliseconds() -> Int64 {
        SystemClock.realtimeNanoseconds() / 1_000_000
    }
}
