import GRDB

/// `v4-job-scope`: jobs keyed by subscription, resource group and name (each `NOCASE`, as ARM
/// compares), their drive keys and events carrying the scope too.
///
/// Rows from before have no scope, and the migrator has no configuration (`iedrive import`
/// opens the same file): they get the empty scope ('' and ''), in the columns and in the job
/// document, and keep everything else (their sealed keys are bound to job name and drive id,
/// not the scope, so they still open). The daemon adopts them into its configured default
/// scope when it starts (`JobStore.adoptUnscopedJobs(into:)`).
enum JobScopeMigration {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE scopedJob (
                subscriptionId TEXT NOT NULL COLLATE NOCASE, -- '' until adopted (rows from before v4)
                resourceGroup TEXT NOT NULL COLLATE NOCASE,
                name TEXT NOT NULL COLLATE NOCASE,
                document TEXT NOT NULL,     -- Job as JSON, recovery keys left out
                state TEXT NOT NULL,        -- JobState's API string, for queries by hand
                createdAt INTEGER NOT NULL, -- the job's simulated creation Instant, ms since 1970
                updatedAt INTEGER NOT NULL, -- wall clock of the last save, ms since 1970
                PRIMARY KEY (subscriptionId, resourceGroup, name)
            );
            INSERT INTO scopedJob (subscriptionId, resourceGroup, name, document, state, createdAt, updatedAt)
                SELECT '', '', name,
                       json_set(document, '$.scope', json_object('resourceGroup', '', 'subscriptionId', '')),
                       state, createdAt, updatedAt
                FROM job;
            CREATE TABLE scopedDriveKey (
                subscriptionId TEXT NOT NULL COLLATE NOCASE,
                resourceGroup TEXT NOT NULL COLLATE NOCASE,
                jobName TEXT NOT NULL COLLATE NOCASE,
                driveId TEXT NOT NULL,
                ciphertext BLOB NOT NULL,   -- RecoveryKeyCipher's sealed bytes
                PRIMARY KEY (subscriptionId, resourceGroup, jobName, driveId),
                FOREIGN KEY (subscriptionId, resourceGroup, jobName) REFERENCES job (subscriptionId, resourceGroup, name)
                    ON DELETE CASCADE ON UPDATE CASCADE
            ) WITHOUT ROWID;
            INSERT INTO scopedDriveKey (subscriptionId, resourceGroup, jobName, driveId, ciphertext)
                SELECT '', '', jobName, driveId, ciphertext FROM driveKey;
            DROP TABLE driveKey;
            DROP TABLE job;
            ALTER TABLE scopedJob RENAME TO job;
            ALTER TABLE scopedDriveKey RENAME TO driveKey;
            CREATE INDEX jobByCreation ON job (createdAt, subscriptionId, resourceGroup, name);
            ALTER TABLE event ADD COLUMN subscriptionId TEXT NOT NULL DEFAULT '';
            ALTER TABLE event ADD COLUMN resourceGroup TEXT NOT NULL DEFAULT '';
            DROP INDEX eventByJob;
            CREATE INDEX eventByJob ON event (subscriptionId COLLATE NOCASE, resourceGroup COLLATE NOCASE,
                                              jobName COLLATE NOCASE, id);
            """)
    }
}
