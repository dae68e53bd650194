import Foundation
import IEDriveStore
import IEDriveTestSupport

/// A state directory for one test: database and host key paths, opened as often as a test
/// likes (each `open` is a new `StateDatabase`, as after a restart). `cleanup()` removes it.
struct StoreScratch {
    let directory: TemporaryDirectory
    var databasePath: String { directory.file("state.sqlite") }
    var hostKeyPath: String { directory.file("keys/host.key") }

    init(_ label: String) throws {
        directory = try TestEnvironment.temporaryDirectory(label)
    }

    func open(hostKeyPath: String? = nil) throws -> (database: StateDatabase, store: JobStore) {
        let database = try StateDatabase(path: databasePath)
        let hostKey = try HostKey.loadOrCreate(path: hostKeyPath ?? self.hostKeyPath)
        return (database, JobStore(database: database, hostKey: hostKey))
    }

    /// The database's files as they are on disk (main file, WAL, shared memory), concatenated.
    func rawDatabaseBytes() throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: databasePath + suffix) {
            bytes += try Data(contentsOf: URL(fileURLWithPath: databasePath + suffix))
        }
        return bytes
    }

    func cleanup() { directory.cleanup() }
}
