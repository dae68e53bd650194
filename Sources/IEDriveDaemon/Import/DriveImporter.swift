public import IEDriveCopy
public import IEDriveCore
import IEDriveManifest
public import IEDriveVolumes

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

/// The import stage, written once: manifest (validated whole first) → copy engine → target,
/// with the journal for resume. The daemon and `iedrive import` both run this.
public struct DriveImporter {
    public let reader: ReaderClient
    public let target: any StorageTarget
    public let journal: any CopyJournal
    public let options: ImportOptions

    public init(reader: ReaderClient, target: any StorageTarget, journal: any CopyJournal, options: ImportOptions) {
        self.reader = reader
        self.target = target
        self.journal = journal
        self.options = options
    }

    /// Runs the copy; `identified` gets the drive's id (``ImportOptions/driveID``, else the
    /// manifest's DriveId) once the manifest was validated, before any blob; `events` gets
    /// progress and finished blobs. Throws ``DriveFailure``.
    public func run(identified: (String) -> Void = { _ in },
                    events: @escaping (CopyEvent) -> Void) async throws -> CopySummary {
        let entry = try await ManifestLocation.find(options.manifestFile, on: reader)
        let stream = ManifestStream(reader: reader, entry: entry, options: ManifestOptions())
        let validated = try await stream.validateWithDigest(expectedHash: options.manifestHash)
        let summary = validated.summary
        let driveID = options.driveID ?? summary.header.driveId
        if let problem = ManifestFileCheck.driveId(of: summary.header, driveSerial: driveID) {
            throw DriveFailure(.manifestFileError, status: problem,
                               "the manifest describes drive \(summary.header.driveId), not \(driveID)")
        }
        identified(driveID)
        let reader = self.reader
        let key = CopyKey(driveID: driveID, manifestMD5: validated.md5, target: target.displayName)
        if options.restart { try journal.forget(key) }
        let engine = CopyEngine(
            reader: reader, target: target, journal: journal, key: key,
            options: options.copy, totalBytes: summary.totalPieceBytes, blobCount: summary.blobCount,
            loadAttachment: { reference, isMetadata in
                try await AttachmentReading.load(reference, isMetadata: isMetadata, from: reader)
            },
            events: events)
        try engine.begin()
        do {
            try await stream.blobs(beforeReading: { try await engine.drainRequests() }) { batch in
                for blob in batch { try await engine.add(blob) }
            }
            return try await engine.finish()
        } catch {
            await engine.salvage()
            throw error
        }
    }
}
