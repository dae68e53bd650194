import GRDB
public import IEDriveCore
import Synchronization
import IEDriveSystem

/// The copy journal on the state database: one row per verified, durable piece, one per
/// finished blob, written in one transaction per group commit.
public final class SQLiteCopyJournal: CopyJournal {
    private let database: StateDatabase
    private let copyID = Mutex<Int64?>(nil)

    public init(database: StateDatabase) {
        self.database = database
    }

    public func begin(_ key: CopyKey) throws -> CopyResumeState {
        let manifest = key.manifestMD5.description.uppercased()
        return try database.pool.write { db in
            let existing = try Row.fetchOne(db, sql: """
                SELECT id, manifestMD5, completedStatus, token FROM copy WHERE driveID = ? AND target = ?
                """, arguments: [key.driveID, key.target])
            guard let existing else {
                let nowSeconds = SystemClock.realtimeNanoseconds() / 1_000_000_000
                let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)
                try db.execute(sql: "INSERT INTO copy (driveID, target, manifestMD5, startedAt, token) VALUES (?, ?, ?, ?, ?)",
                               arguments: [key.driveID, key.target, manifest, Double(nowSeconds), token])
                copyID.withLock { $0 = db.lastInsertedRowID }
                return CopyResumeState(copyToken: token)
            }
            let id: Int64 = existing["id"]
            guard (existing["manifestMD5"] as String) == manifest else {
                throw CopyJournalError.manifestChanged(driveID: key.driveID, target: key.target)
            }
            copyID.withLock { $0 = id }
            // Copies begun before tokens existed keep the empty one (their staged ids).
            var state = CopyResumeState(copyToken: existing["token"] ?? "")
            let pieces = try Row.fetchCursor(db, sql: "SELECT blobIndex, offset FROM copyPiece WHERE copyID = ?", arguments: [id])
            while let row = try pieces.next() {
                state.durablePieces[row["blobIndex"], default: []].insert(UInt64(row["offset"] as Int64))
            }
            let blobs = try Row.fetchCursor(db, sql: "SELECT blobIndex, status, finalPath, disposition FROM copyBlob WHERE copyID = ?",
                                            arguments: [id])
            while let row = try blobs.next() {
                let index: Int = row["blobIndex"]
                state.finished[index] = FinishedBlob(
                    blobIndex: index, status: BlobStatus(rawValue: row["status"]) ?? .failed, finalPath: row["finalPath"],
                    disposition: (row["disposition"] as String?).flatMap(DispositionStatus.init(rawValue:)))
            }
            state.completedStatus = (existing["completedStatus"] as String?).flatMap(DriveStatus.init(rawValue:))
            return state
        }
    }

    public func recordDurable(_ pieces: [JournaledPiece]) throws {
        guard !pieces.isEmpty else { return }
        let id = try currentID()
        try database.pool.write { db in
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO copyPiece (copyID, blobIndex, offset, length) VALUES (?, ?, ?, ?)")
            for piece in pieces {
                try statement.execute(arguments: [id, piece.blobIndex, Int64(piece.offset), Int64(piece.length)])
            }
        }
    }

    public func recordFinished(_ blobs: [FinishedBlob]) throws {
        guard !blobs.isEmpty else { return }
        let id = try currentID()
        try database.pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO copyBlob (copyID, blobIndex, status, finalPath, disposition) VALUES (?, ?, ?, ?, ?)
                """)
            for blob in blobs {
                try statement.execute(arguments: [id, blob.blobIndex, blob.status.rawValue, blob.finalPath, blob.disposition?.rawValue])
            }
            // A finished blob's pieces are no longer needed for resume.
            let delete = try db.cachedStatement(sql: "DELETE FROM copyPiece WHERE copyID = ? AND blobIndex = ?")
            for blob in blobs { try delete.execute(arguments: [id, blob.blobIndex]) }
        }
    }

    public func complete(_ key: CopyKey, status: DriveStatus) throws {
        let id = try currentID()
        try database.pool.write { db in
            try db.execute(sql: "UPDATE copy SET completedStatus = ? WHERE id = ?", arguments: [status.rawValue, id])
        }
    }

    public func forget(_ key: CopyKey) throws {
        try forget(driveID: key.driveID, target: key.target)
    }

    /// Forgets the copy of `driveID` to `target` (to start over after a manifest change).
    public func forget(driveID: String, target: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM copy WHERE driveID = ? AND target = ?", arguments: [driveID, target])
        }
    }

    private func currentID() throws -> Int64 {
        guard let id = copyID.withLock({ $0 }) else { throw CopyJournalError.notBegun }
        return id
    }
}

public enum CopyJournalError: Error, Sendable, Hashable, CustomStringConvertible {
    case manifestChanged(driveID: String, target: String)
    case notBegun

    public var description: String {
        switch self {
        case .manifestChanged(let drive, let target):
            "the journal holds an earlier copy of drive \(drive) to \(target) under a different manifest; " +
                "start over with --restart (the earlier copy's published blobs stay)"
        case .notBegun: "the copy journal was used before begin()"
        }
    }
}
