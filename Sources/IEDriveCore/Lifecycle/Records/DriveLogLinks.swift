/// Where a drive's logs were published (`errorLogUri`, `verboseLogUri`, `manifestUri`,
/// rest-api.md §2.3). Each appears once its blob exists (states.md §3.1).
public struct DriveLogLinks: Sendable, Hashable, Codable {
    public var errorLogUri: String?
    public var verboseLogUri: String?
    /// The manifest backup (`backupDriveManifest`).
    public var manifestUri: String?

    public init(errorLogUri: String? = nil, verboseLogUri: String? = nil, manifestUri: String? = nil) {
        self.errorLogUri = errorLogUri
        self.verboseLogUri = verboseLogUri
        self.manifestUri = manifestUri
    }

    public static let none = DriveLogLinks()

    /// Links in `newer` replace these; links it lacks are kept.
    func merged(with newer: DriveLogLinks) -> DriveLogLinks {
        DriveLogLinks(errorLogUri: newer.errorLogUri ?? errorLogUri,
                      verboseLogUri: newer.verboseLogUri ?? verboseLogUri,
                      manifestUri: newer.manifestUri ?? manifestUri)
    }
}
