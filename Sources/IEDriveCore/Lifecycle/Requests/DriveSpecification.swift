/// A drive as the customer lists it in an import job (`driveList[]` in PUT, or PATCH while
/// `Creating`; rest-api.md §3.1 rule 4). Server-owned drive fields sent by clients are dropped
/// before they get here.
public struct DriveSpecification: Sendable, Hashable {
    public var driveId: String
    public var bitLockerKey: BitLockerKey
    public var manifestFile: String
    public var manifestHash: String
    /// May be `""`.
    public var driveHeaderHash: String?

    public init(driveId: String, bitLockerKey: BitLockerKey, manifestFile: String, manifestHash: String,
                driveHeaderHash: String? = nil) {
        self.driveId = driveId
        self.bitLockerKey = bitLockerKey
        self.manifestFile = manifestFile
        self.manifestHash = manifestHash
        self.driveHeaderHash = driveHeaderHash
    }
}
