public import IEDriveCopy
public import IEDriveCore
import IEDriveManifest

/// What `import` needs beyond the opened drive.
public struct ImportOptions: Sendable {
    public var manifestFile: String?
    public var manifestHash: ManifestHash?
    /// The drive's id: names the journal entry and must match the manifest's DriveId when set.
    public var driveID: String?
    public var copy: CopyOptions
    /// Forget what the journal holds of this drive's copy to this target first (any manifest).
    public var restart: Bool

    public init(manifestFile: String? = nil, manifestHash: ManifestHash? = nil, driveID: String? = nil,
                copy: CopyOptions = CopyOptions(), restart: Bool = false) {
        self.manifestFile = manifestFile
        self.manifestHash = manifestHash
        self.driveID = driveID
        self.copy = copy
        self.restart = restart
    }
}

/// The import stage, written once: manifest (``ManifestStage``) → copy engine → target, with
/// the journal for resume. The daemon's trip and `iedrive import` both run this.
public struct DriveImporter {
    public let volume: any VolumeReader
    public let target: any StorageTarget
    public let journal: any CopyJournal
    public let options: ImportOptions

    public init(volume: any VolumeReader, target: any StorageTarget, journal: any CopyJournal, options: ImportOptions) {
        self.volume = volume
        self.target = target
        self.journal = journal
        self.options = options
    }

    /// Runs the copy; `identified` gets the drive's id (``ImportOptions/driveID``, else the
    /// manifest's DriveId) once the manifest was validated, before any blob; `events` gets
    /// progress and finished blobs. Throws ``DriveFailure``, ``CopyStopped``, or the
    /// journal's error.
    public func run(identified: (String) -> Void = { _ in },
                    events: @escaping (CopyEvent) -> Void) async throws -> CopySummary {
        let manifest = try await ManifestStage.open(on: volume, manifestFile: options.manifestFile,
                                                    expectedHash: options.manifestHash, driveID: options.driveID)
        identified(manifest.driveID)
        let key = CopyKey(driveID: manifest.driveID, manifestMD5: manifest.md5, target: target.displayName)
        if options.restart { try journal.forget(key) }
        let engine = CopyEngine(
            volume: volume, target: target, journal: journal, key: key,
            options: options.copy, totalBytes: manifest.summary.totalPieceBytes, blobCount: manifest.summary.blobCount,
            parseAttachment: { AttachmentFiles.parse($0, reference: $1, isMetadata: $2) },
            events: events)
        try engine.begin()
        do {
            try await manifest.blobs(beforeReading: { try await engine.drainRequests() }) { batch in
                for blob in batch { try await engine.add(blob) }
            }
            return try await engine.finish()
        } catch {
            await engine.salvage()
            throw error
        }
    }
}
