import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveStore
import IEDriveSystem
import IEDriveVolumes
public import Logging

/// The daemon of `iedrive daemon`: opens what the configuration names on this host — the
/// state directory (0700), the SQLite state and its host key (0600, made at first start), the
/// clock's checkpoint, the target directory — and composes the ``Daemon`` over it, with drives
/// opened in reader processes and udev watched. All the I/O of starting is here; nothing runs
/// yet.
public func buildDaemon(_ requested: DaemonConfiguration, logger: Logger) throws -> Daemon {
    let openFiles = (try? SystemCall.raiseOpenFileLimit()) ?? 1024
    let (configuration, note) = requested.fitting(openFiles: openFiles)
    if let note { logger.warning("\(note)") }
    try makeDirectory(configuration.stateDirectory, mode: 0o700)
    let socketDirectory = (configuration.socketPath as NSString).deletingLastPathComponent
    if !socketDirectory.isEmpty { try makeDirectory(socketDirectory, mode: 0o750) }
    let database = try StateDatabase(path: configuration.databasePath)
    let hostKey = try HostKey.loadOrCreate(path: configuration.hostKeyPath)
    let store = JobStore(database: database, hostKey: hostKey)
    // Jobs stored before they had a scope go to the configured default one (once; idempotent).
    let defaultScope = JobScope(subscriptionId: configuration.subscriptionId, resourceGroup: configuration.resourceGroup)
    let adopted = try store.adoptUnscopedJobs(into: defaultScope)
    if adopted > 0 {
        logger.notice("adopted jobs stored without a scope", metadata: ["jobs": "\(adopted)", "scope": "\(defaultScope)"])
    }
    if let directory = localPath(of: configuration.target) { try makeDirectory(directory, mode: 0o750) }
    let target = try StorageTargets.open(configuration.target, s3File: configuration.s3File)
    try target.checkAccess()
    // Staging no running copy holds and untouched for a day: copies given up (their drives'
    // own reclaim happens when they begin again).
    if let reclaimed = try? target.reclaimStaging(prefix: "", idleFor: .seconds(86_400)), reclaimed.entries > 0 {
        logger.notice("reclaimed leftover staging", metadata: ["entries": "\(reclaimed.entries)", "bytes": "\(reclaimed.bytes)"])
    }
    var readerLogger = logger
    readerLogger[metadataKey: "source"] = "reader"
    let reader = ReaderConfiguration(executable: ReaderConfiguration.defaultExecutable(),
                                     timeout: .seconds(configuration.readerTimeoutSeconds),
                                     log: { [readerLogger] line in readerLogger.debug("\(line)") })
    let parts = DaemonParts(store: store, journal: { SQLiteCopyJournal(database: database) }, target: target,
                            sessions: ReaderSessions(reader: reader), watchesDevices: true,
                            clockStart: ClockCheckpoint(stateDirectory: configuration.stateDirectory).load(),
                            accounts: TargetBlobAccounts(store: StorageAccountStore(database: database, hostKey: hostKey), root: target,
                                                         blocksRoot: localPath(of: configuration.target)
                                                             ?? configuration.stateDirectory + "/accounts"))
    return Daemon(configuration: configuration, parts: parts, jobs: try store.loadJobs(), logger: logger)
}

/// The directory a path or `file://` target names (created on first start, like the state).
func localPath(of target: String) -> String? {
    if target.hasPrefix("file://") { return URL(string: target)?.path }
    return target.contains("://") ? nil : target
}

private func makeDirectory(_ path: String, mode: mode_t) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw ConfigurationError("\(path) exists and is not a directory") }
        return
    }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: Int(mode)])
}
