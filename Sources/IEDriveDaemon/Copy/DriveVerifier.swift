public import IEDriveCopy
public import IEDriveCore
import IEDriveManifest

/// Checks a drive against its manifest (the `verify` stage): the manifest is validated whole
/// first (``ManifestStage``), then streamed again and every blob's file checked on the volume
/// through the read pipeline the copy uses (``VerifyEngine``, hash only) — its existence and
/// length, and with `full` every block's or page range's MD5 — together with the metadata and
/// properties files the blobs name.
///
/// A structural manifest problem or a fatal drive problem throws ``DriveFailure``; per-blob
/// problems are results (`onBlob`), reported in manifest order.
public struct DriveVerifier {
    public let volume: any VolumeReader
    public let options: VerifyOptions

    public init(volume: any VolumeReader, options: VerifyOptions) {
        self.volume = volume
        self.options = options
    }

    /// Checks the drive; `identified` gets the drive's id (``VerifyOptions/driveID``, else the
    /// manifest's DriveId) once the manifest was validated, before any blob.
    public func run(identified: (String) -> Void = { _ in },
                    onBlob: @escaping (BlobCheck) throws -> Void) async throws -> VerifySummary {
        let manifest = try await ManifestStage.open(on: volume, manifestFile: options.manifestFile,
                                                    expectedHash: options.manifestHash, driveID: options.driveID,
                                                    options: options.manifest)
        identified(manifest.driveID)
        let engine = VerifyEngine(volume: volume, full: options.full, requestsAhead: options.pipelineDepth,
                                  parseAttachment: { AttachmentFiles.parse($0, reference: $1, isMetadata: $2) },
                                  onBlob: onBlob)
        try await manifest.blobs(beforeReading: { try await engine.drainRequests() }) { batch in
            for blob in batch { try await engine.add(blob) }
        }
        try await engine.finish()
        let blobs = engine.accumulator
        return VerifySummary(manifestPath: manifest.entry.path, driveID: manifest.summary.header.driveId,
                             driveStatus: blobs.status(), blobCount: blobs.blobCount,
                             blobsCompleted: blobs.blobCount - blobs.blobsNotCompleted,
                             blobsWithErrors: blobs.blobsNotCompleted,
                             bytesVerified: engine.bytesVerified, totalBlobBytes: manifest.summary.totalBlobBytes)
    }
}
