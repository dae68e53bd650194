import GRDB

/// The service's SQLite database (WAL, foreign keys), with its schema migrations. One file
/// per state directory: the copy journal, and the daemon's jobs, drives and events
/// (`JobStore`).
public final class StateDatabase: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "iedrive-state"
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-copy-journal") { db in
            try db.create(table: "copy") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("driveID", .text).notNull()
                table.column("target", .text).notNull()
                table.column("manifestMD5", .text).notNull()
                table.column("startedAt", .double).notNull()
                table.column("completedStatus", .text)
                table.uniqueKey(["driveID", "target"])
            }
            try db.create(table: "copyPiece", options: [.withoutRowID]) { table in
                table.column("copyID", .integer).notNull().references("copy", onDelete: .cascade)
                table.column("blobIndex", .integer).notNull()
                table.column("offset", .integer).notNull()
                table.column("length", .integer).notNull()
                table.primaryKey(["copyID", "blobIndex", "offset"])
            }
            try db.create(table: "copyBlob", options: [.withoutRowID]) { table in
                table.column("copyID", .integer).notNull().references("copy", onDelete: .cascade)
                table.column("blobIndex", .integer).notNull()
                table.column("status", .text).notNull()
                table.column("finalPath", .text)
                table.column("disposition", .text)
                table.primaryKey(["copyID", "blobIndex"])
            }
        }
        // A token per copy, for staged blob ids unique to it (CopyResumeState.copyToken).
        migrator.registerMigration("v2-copy-token") { db in
            try db.alter(table: "copy") { table in table.add(column: "token", .text) }
        }
        // Jobs as JSON documents without their recovery keys; the keys sealed apart (a job's
        // delete removes them); the event history, which outlives its jobs (`JobStore`).
        migrator.registerMigration("v3-jobs") { db in
            try db.execute(sql: """
                CREATE TABLE job (
                    name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                    document TEXT NOT NULL,     -- Job as JSON, recovery keys left out
                    state TEXT NOT NULL,        -- JobState's API string, for queries by hand
                    createdAt INTEGER NOT NULL, -- the job's simulated creation Instant, ms since 1970
                    updatedAt INTEGER NOT NULL  -- wall clock of the last save, ms since 1970
                );
                CREATE INDEX jobByCreation ON job (createdAt, name);
                CREATE TABLE driveKey (
                    jobName TEXT NOT NULL COLLATE NOCASE REFERENCES job (name) ON DELETE CASCADE ON UPDATE CASCADE,
                    driveId TEXT NOT NULL,
                    ciphertext BLOB NOT NULL,   -- RecoveryKeyCipher's sealed bytes
                    PRIMARY KEY (jobName, driveId)
                ) WITHOUT ROWID;
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,        -- simulated Instant, ms since 1970
                    jobName TEXT NOT NULL,      -- no foreign key: the history outlives the job
                    driveId TEXT,
                    kind TEXT NOT NULL,         -- LifecycleEventKind.name
                    payload TEXT NOT NULL       -- LifecycleEventKind as JSON
                );
                CREATE INDEX eventByJob ON event (jobName COLLATE NOCASE, id);
                """)
        }
        migrator.registerMigration("v4-job-scope", migrate: JobScopeMigration.migrate)
        // Storage accounts (issue 13): names unique across the service, two keys each, sealed with
        // the host key (`StorageAccountStore`).
        migrator.registerMigration("v5-storage-accounts") { db in
            try db.execute(sql: """
                CREATE TABLE storageAccount (
                    name TEXT NOT NULL PRIMARY KEY, -- 3-24 lower-case letters and digits
                    key1 BLOB NOT NULL,             -- StorageAccountKeyCipher's sealed bytes
                    key2 BLOB NOT NULL,
                    createdAt INTEGER NOT NULL      -- wall clock, ms since 1970
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
