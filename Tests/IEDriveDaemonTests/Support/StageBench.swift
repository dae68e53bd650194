import Foundation
import IEDriveCopy
import IEDriveCore
@testable import IEDriveDaemon
import IEDriveStore
import IEDriveTestSupport
import Synchronization

/// The root-free bench for a drive's stages: a temporary directory holding a real local
/// directory target and a real SQLite journal; drives are ``FakeDrive``s on in-memory volumes.
struct StageBench {
    let directory: TemporaryDirectory
    let target: LocalDirectoryTarget
    let database: StateDatabase

    init(directory: TemporaryDirectory, target: LocalDirectoryTarget, database: StateDatabase) {
        self.directory = directory
        self.target = target
        self.database = database
    }

    init(_ label: String) throws {
        directory = try TestEnvironment.temporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: directory.file("target"), withIntermediateDirectories: true)
        target = LocalDirectoryTarget(root: directory.file("target"))
        database = try StateDatabase(path: directory.file("state.sqlite"))
    }

    func cleanup() { directory.cleanup() }

    func journal() -> SQLiteCopyJournal { SQLiteCopyJournal(database: database) }

    /// Imports `volume` with `options`; collects the blobs reported and the progress events.
    func importDrive(_ volume: any VolumeReader, options: ImportOptions = ImportOptions()) async throws -> ImportRun {
        let run = ImportRun()
        run.summary = try await DriveImporter(volume: volume, target: target, journal: journal(), options: options)
            .run { event in run.record(event) }
        return run
    }

    /// The bytes of a published blob.
    func blobBytes(_ path: String) throws -> [UInt8] {
        let slash = path.firstIndex(of: "/")!
        let blob = try BlobPath(container: String(path[..<slash]), name: String(path[path.index(after: slash)...]))
        return try target.read(blob, range: 0..<UInt64.max)
    }

    func blobInfo(_ path: String) throws -> StoredBlobInfo? {
        let slash = path.firstIndex(of: "/")!
        return try target.info(BlobPath(container: String(path[..<slash]), name: String(path[path.index(after: slash)...])))
    }

    /// Every published blob of `container`, by name.
    func blobNames(_ container: String = "import") throws -> [String] {
        try target.list(container: container, prefix: "", startAfter: nil, limit: 100_000).map(\.path.name)
    }
}

/// What one import reported.
final class ImportRun: @unchecked Sendable {
    var summary: CopySummary?
    private(set) var blobs: [DriveLogBlob] = []
    private(set) var progress: [CopyProgress] = []

    func record(_ event: CopyEvent) {
        switch event {
        case .blob(let blob): blobs.append(blob)
        case .progress(let value): progress.append(value)
        }
    }

    func status(of filePath: String) -> BlobStatus? {
        blobs.first { $0.filePath == filePath }?.status
    }
}

/// **Fake** drive sessions, named as such: device paths served by in-memory volumes, with a
/// BitLocker key checked as the reader would check it; counts the sessions still open.
final class FakeSessions: DriveSessions, @unchecked Sendable {
    struct Drive {
        var volume: InMemoryVolume
        var key: RecoveryPassword?
    }

    private let drives = Mutex<[String: Drive]>([:])
    private let openCount = Atomic<Int>(0)
    private let sessionCount = Atomic<Int>(0)
    private let mostOpen = Atomic<Int>(0)

    func attach(_ devicePath: String, _ volume: InMemoryVolume, key: RecoveryPassword? = nil) {
        drives.withLock { $0[devicePath] = Drive(volume: volume, key: key) }
    }

    /// Sessions open now, and sessions ever opened.
    var open: Int { openCount.load(ordering: .sequentiallyConsistent) }
    var opened: Int { sessionCount.load(ordering: .sequentiallyConsistent) }
    /// The most sessions open at once.
    var maximumOpen: Int { mostOpen.load(ordering: .sequentiallyConsistent) }

    func withOpenedDrive<T>(_ request: DriveSessionRequest, stop: StopSignal?,
                            _ body: (OpenedDrive) async throws -> T) async throws -> (value: T, reader: ReaderUsage) {
        guard let drive = drives.withLock({ $0[request.devicePath] }) else {
            throw DriveOpeningError.host("cannot open \(request.devicePath): no such device", .device)
        }
        if let key = drive.key, request.recoveryPassword != key {
            throw DriveOpeningError.drive(DriveFailure(ReaderFailure(.keyDoesNotUnlock, "The recovery password does not unlock this volume.")))
        }
        sessionCount.add(1, ordering: .sequentiallyConsistent)
        let nowOpen = openCount.add(1, ordering: .sequentiallyConsistent).newValue
        mostOpen.max(nowOpen, ordering: .sequentiallyConsistent)
        defer { openCount.subtract(1, ordering: .sequentiallyConsistent) }
        // As the real session kills the reader on a stop.
        let volume = drive.volume
        let token = stop?.onStop { volume.kill() }
        defer { if let token { stop?.cancel(token) } }
        let opened = OpenedDrive(report: ProbeReport(path: request.devicePath, source: .imageFile, size: 1 << 30, sectorSize: 512),
                                 verdict: DriveVerdict(acceptable: true, failure: nil, reason: "a fake drive", volumeOffset: 0),
                                 info: VolumeInfo(volumeSize: 1 << 30, clusterSize: 4096, sectorSize: 512, label: "FAKE",
                                                  encrypted: drive.key != nil, unlockMilliseconds: 0),
                                 volume: drive.volume)
        return (try await body(opened), ReaderUsage(exitStatus: 0, peakResidentBytes: 0, cpuSeconds: 0))
    }
}
