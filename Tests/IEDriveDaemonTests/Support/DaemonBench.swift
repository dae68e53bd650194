import Foundation
import IEDriveCore
@testable import IEDriveDaemon
import IEDriveStore
import IEDriveTestSupport
import Logging
import Testing

/// The whole daemon built by its composition root over root-free parts: an in-memory job
/// store, fake drive sessions, a real local directory target and SQLite journal in a temporary
/// directory, a manual clock, no udev.
struct DaemonBench {
    let stage: StageBench
    let sessions = FakeSessions()
    let daemon: Daemon
    static let key = "486717-373197-216029-527087-531740-482504-024706-333916"

    init(_ label: String, maxConcurrentDrives: Int = 2) throws {
        stage = try StageBench(label)
        var configuration = DaemonConfiguration.defaults(under: stage.directory.path)
        configuration.clock = .manual
        configuration.receiptLag = .span(.seconds(0))
        configuration.maxConcurrentDrives = maxConcurrentDrives
        configuration.apiListen = nil
        let database = stage.database
        let parts = DaemonParts(store: InMemoryJobStore(), journal: { SQLiteCopyJournal(database: database) },
                                target: stage.target, sessions: sessions, watchesDevices: false,
                                clockStart: Instant(millisecondsSinceEpoch: 1_780_000_000_000))
        var logger = Logger(label: "iedrive-test")
        logger.logLevel = .critical
        daemon = Daemon(configuration: configuration, parts: parts, jobs: [], logger: logger)
    }

    func cleanup() { stage.cleanup() }

    var registry: JobRegistry { daemon.registry }

    /// An import job for `drives` (id, manifest MD5), shipped, delivered and received: its
    /// drives are `Received`.
    @discardableResult
    func receivedImportJob(_ name: String, drives: [(id: String, manifestMD5: String)], logLevel: LogLevel = .error) async throws -> Job {
        var request = JobCreation(scope: .fixture, name: name, type: .import, location: "West Europe",
                                  storageAccountId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/acct")
        request.returnAddress = ReturnAddress(recipientName: "R", streetAddress1: "1 Quay", city: "Rotterdam", postalCode: "3011",
                                              countryOrRegion: "Netherlands", phone: "1", email: "r@example.com")
        request.returnShipping = ReturnShipping(carrierName: "DHL", carrierAccountNumber: "1")
        request.logLevel = logLevel
        request.drives = drives.map {
            DriveSpecification(driveId: $0.id, bitLockerKey: BitLockerKey(Self.key), manifestFile: "\\DriveManifest.xml",
                               manifestHash: $0.manifestMD5, driveHeaderHash: "")
        }
        _ = try await registry.put(request)
        let package = DeliveryPackage(carrierName: "DHL", trackingNumber: "JD0140000000001", driveCount: Int64(drives.count),
                                      shipDate: "6/4/2024 8:00:00 AM")
        try await registry.perform(JobKey.fixture(name)) { try $0.update($1, JobPatch(state: "Shipping", deliveryPackage: package), at: $2) }
        try await registry.perform(JobKey.fixture(name)) { try $0.packageDelivered($1, driveIds: drives.map(\.id), at: $2) }
        try await registry.advanceAll()
        return try await registry.job(JobKey.fixture(name))
    }

    /// A fake drive attached at `/dev/fake-<id>` with the job's key.
    func attach(_ drive: FakeDrive, mapped: Bool = false) -> (medium: AttachedMedium, volume: InMemoryVolume) {
        let (volume, _) = drive.volume(mapped: mapped)
        let path = "/dev/fake-\(drive.driveId)"
        sessions.attach(path, volume, key: try? RecoveryPassword(Self.key))
        return (AttachedMedium(key: "key-\(drive.driveId)", devicePath: path, driveId: drive.driveId), volume)
    }

    func drive(_ job: String, _ id: String) async throws -> Drive {
        try #require(try await registry.job(JobKey.fixture(job)).drives.first { $0.driveId == id })
    }

    /// Waits (up to `seconds`) until `condition` holds.
    func waitUntil(seconds: Double = 120, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

