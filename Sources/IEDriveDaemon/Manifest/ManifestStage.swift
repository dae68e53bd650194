import IEDriveCopy
public import IEDriveCore
public import IEDriveManifest

/// The manifest stage of a drive's trip, one place for import and verify alike: find the
/// manifest on the volume (``ManifestLocation``), validate it whole — every rule of the
/// format and the job's `manifestHash` — check that it describes this drive, then stream its
/// blobs again in batches for the copy or the check. A manifest of a million blobs is never
/// held whole (``ManifestStream``).
///
/// Every failure is a ``DriveFailure``: `Manifest file error` with the manifest's status, or
/// the drive's own state when the volume fails under the manifest.
public struct ManifestStage: Sendable {
    /// The manifest's entry on the volume.
    public let entry: VolumeEntry
    public let summary: ManifestSummary
    /// The manifest's MD5 (it keys the copy journal).
    public let md5: MD5Digest
    /// The drive's id: the one asked for, else the manifest's DriveId.
    public let driveID: String
    private let stream: ManifestStream

    /// Finds and validates the manifest; `driveID`, when given, must be the one it names.
    public static func open(on volume: any VolumeReader, manifestFile: String?, expectedHash: ManifestHash?,
                            driveID: String?, options: ManifestOptions = ManifestOptions()) async throws(DriveFailure) -> ManifestStage {
        try await driveFailures {
            let entry = try await ManifestLocation.find(manifestFile, on: volume)
            let stream = ManifestStream(volume: volume, entry: entry, options: options)
            let validated = try await stream.validateWithDigest(expectedHash: expectedHash)
            let header = validated.summary.header
            if let driveID, let problem = ManifestFileCheck.driveId(of: header, driveSerial: driveID) {
                throw DriveFailure(.manifestFileError, status: problem,
                                   "the manifest describes drive \(header.driveId), not \(driveID)")
            }
            return ManifestStage(entry: entry, summary: validated.summary, md5: validated.md5,
                                 driveID: driveID ?? header.driveId, stream: stream)
        }
    }

    /// Streams the blobs in batches (those whose `</Blob>` closed within one 1 MiB piece).
    /// `beforeReading` runs before each piece of the manifest is requested: answers come in
    /// request order, so the caller first takes the answers of what it still has in flight.
    public func blobs(beforeReading: () async throws -> Void, _ body: ([ManifestBlob]) async throws -> Void) async throws {
        do {
            try await stream.blobs(beforeReading: beforeReading, body)
        } catch let failure as ReaderFailure {
            throw DriveFailure(failure)
        }
    }

    /// A reader failure that reaches the manifest stage failed the drive (a missing or
    /// unreadable manifest file was turned into `Manifest file error` where it happened).
    private static func driveFailures<T>(_ body: () async throws -> T) async throws(DriveFailure) -> T {
        do {
            return try await body()
        } catch let failure as DriveFailure {
            throw failure
        } catch let failure as ReaderFailure {
            throw DriveFailure(failure)
        } catch {
            throw DriveFailure(.failed, status: .internalError, "the manifest stage failed: \(error)")
        }
    }
}
