import IEDriveCore
@testable import IEDriveDaemon
import IEDriveTestSupport
import Testing

/// The manifest stage without root: where the manifest is found, what makes it a
/// `Manifest file error`, and that a failing volume under it fails the drive.
@Suite struct ManifestStageTests {
    static let drive = FakeDrive(driveId: "ZA1B2C3D", files: [FakeDrive.File("/a.txt", Array("alpha".utf8))])

    func open(_ volume: any VolumeReader, file: String? = nil, hash: String? = nil,
              driveID: String? = nil) async throws(DriveFailure) -> ManifestStage {
        try await ManifestStage.open(on: volume, manifestFile: file, expectedHash: hash.flatMap(ManifestHash.init), driveID: driveID)
    }

    func failure(_ body: () async throws -> Void) async -> DriveFailure? {
        do {
            try await body()
            return nil
        } catch {
            return error as? DriveFailure
        }
    }

    @Test func findsValidatesAndIdentifies() async throws {
        let (volume, md5) = Self.drive.volume()
        let stage = try await open(volume, hash: md5, driveID: "ZA1B2C3D")
        #expect(stage.driveID == "ZA1B2C3D")
        #expect(stage.summary.blobCount == 1)
        #expect(stage.md5.description.uppercased() == md5)
        var blobs: [ManifestBlob] = []
        try await stage.blobs(beforeReading: {}) { blobs += $0 }
        #expect(blobs.map(\.blobPathText) == ["import/a.txt"])
    }

    @Test func theOneManifestFileAtTheRootWillDo() async throws {
        var drive = Self.drive
        drive.manifestPath = "/ZA1B2C3D.manifest"
        let stage = try await open(drive.volume().volume)
        #expect(stage.entry.path == "/ZA1B2C3D.manifest")
        #expect(stage.driveID == "ZA1B2C3D")
    }

    @Test func refusals() async throws {
        let (volume, md5) = Self.drive.volume()
        #expect(await failure { _ = try await open(volume, hash: String(repeating: "0", count: 32)) }?.status == .manifestCorrupted)
        #expect(await failure { _ = try await open(volume, hash: md5, driveID: "OTHER") }?.status == .manifestDriveIdMismatch)
        #expect(await failure { _ = try await open(volume, file: "\\nowhere.xml") }?.status == .manifestNotFound)
        let empty = InMemoryVolume()
        #expect(await failure { _ = try await open(empty) }?.status == .manifestNotFound)
        let broken = InMemoryVolume()
        broken.addFile("/DriveManifest.xml", text: "<DriveManifest Version=\"2014-11-01\"><Drive>")
        #expect(await failure { _ = try await open(broken) }?.state == .manifestFileError)
    }

    @Test func aFailingVolumeUnderTheManifestFailsTheDrive() async throws {
        let (volume, _) = Self.drive.volume()
        volume.failEverything(with: ReaderFailure(.ntfsCorrupt, "The directory's index cannot be read (Input/output error).", path: "/"))
        let failure = await failure { _ = try await open(volume) }
        #expect(failure?.state == .diskCorrupted)
    }
}
