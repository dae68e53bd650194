public import IEDriveCore
public import IEDriveManifest

/// How `verify` checks a drive against its manifest.
public struct VerifyOptions: Sendable {
    /// The job's `manifestFile`; nil: `\DriveManifest.xml`, else the root's single `*.manifest`.
    public var manifestFile: String?
    /// Hash every block and page range (reads all data); otherwise existence and length only.
    public var full: Bool
    /// The job's `manifestHash`, checked against the manifest file when given.
    public var manifestHash: ManifestHash?
    /// The drive's id (serial); a manifest naming another drive fails with `ManifestDriveIdMismatch`.
    public var driveID: String?
    public var manifest: ManifestOptions
    /// Read requests sent ahead of the one being consumed (hides the per-file round trip).
    public var pipelineDepth: Int

    public init(manifestFile: String? = nil, full: Bool = false, manifestHash: ManifestHash? = nil,
                driveID: String? = nil, manifest: ManifestOptions = ManifestOptions(), pipelineDepth: Int = 32) {
        self.manifestFile = manifestFile
        self.full = full
        self.manifestHash = manifestHash
        self.driveID = driveID
        self.manifest = manifest
        self.pipelineDepth = pipelineDepth
    }
}

/// The outcome of a verify run that got as far as the manifest.
public struct VerifySummary: Sendable, Hashable {
    public var manifestPath: String
    public var driveID: String
    public var driveStatus: DriveStatus
    public var blobCount: Int
    public var blobsCompleted: Int
    public var blobsWithErrors: Int
    /// Bytes of file data read and hashed (with `full`).
    public var bytesVerified: UInt64
    /// Sum of the manifest's blob lengths.
    public var totalBlobBytes: UInt64
}
