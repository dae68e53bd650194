/// What a manifest says about its drive, before the blob lists (drive-manifest.md §1–§2).
///
/// Credentials are never kept: a `StorageAccountKey` is recorded as present and its value
/// dropped; of a `ContainerSas` only the container name survives, never the token
/// (§8: "never use a key found in a manifest for anything").
public struct ManifestHeader: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        /// Neither element: current manifests reach the account through the job (§8).
        case none
        case storageAccountKey
        case containerSAS(container: String)
    }

    /// `DriveManifest/@Version`, `YYYY-MM-DD`.
    public var version: String
    /// `Drive/DriveId`, whitespace-trimmed.
    public var driveId: String
    public var credential: Credential
    /// Informational; `nil` when absent. May follow the blob lists, so an early header can lack it.
    public var clientCreator: String?

    public init(version: String, driveId: String, credential: Credential = .none, clientCreator: String? = nil) {
        self.version = version
        self.driveId = driveId
        self.credential = credential
        self.clientCreator = clientCreator
    }

    public var hasStorageAccountKey: Bool { credential == .storageAccountKey }

    /// The container every blob must lie in, when a container SAS was given.
    public var sasContainer: String? {
        if case .containerSAS(let container) = credential { return container }
        return nil
    }

    /// `ManifestDriveIdMismatch` when the manifest's `DriveId` is not the serial of the drive
    /// being processed (§9), else nil. Serials are compared without whitespace (DriveIds are
    /// written "without spaces", README glossary; ATA serials are space-padded) and without
    /// regard to ASCII case.
    public func driveIdProblem(driveSerial: String) -> DriveStatus? {
        Self.normalizedSerial(driveId) == Self.normalizedSerial(driveSerial) ? nil : .manifestDriveIdMismatch
    }

    static func normalizedSerial(_ serial: String) -> String {
        String(serial.unicodeScalars.filter { !$0.properties.isWhitespace }).uppercased()
    }
}
