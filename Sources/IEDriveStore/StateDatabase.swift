import GRDB

/// The service's SQLite database (WAL, foreign keys), with its schema migrations. One file
/// per state directory; the daemon's jobs and drives will live here too, beside the copy
/// journal.
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
        return migrator
    }
}
