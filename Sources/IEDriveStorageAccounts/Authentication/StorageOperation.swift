/// What a Blob service request does, as far as authorization cares: which level of resource it
/// touches (for an account SAS's `srt`), which container or blob (for a service SAS's scope),
/// and which SAS permissions allow it (any one of them).
public struct StorageOperation: Sendable, Hashable {
    public enum Level: Sendable, Hashable {
        /// The account itself: list containers, service properties.
        case service
        /// A container: create, delete, list blobs, its properties and metadata.
        case container
        /// A blob: read, write, delete, properties and metadata.
        case object
    }

    public var level: Level
    public var container: String?
    public var blob: String?
    /// SAS permission letters (`sp`), any of which allows the operation.
    public var allowedBy: Set<Character>

    public init(level: Level, container: String? = nil, blob: String? = nil, allowedBy: Set<Character>) {
        self.level = level
        self.container = container
        self.blob = blob
        self.allowedBy = allowedBy
    }

    public static func listContainers() -> StorageOperation { StorageOperation(level: .service, allowedBy: ["l"]) }
    public static func createContainer(_ container: String) -> StorageOperation {
        StorageOperation(level: .container, container: container, allowedBy: ["c", "w"])
    }
    public static func deleteContainer(_ container: String) -> StorageOperation {
        StorageOperation(level: .container, container: container, allowedBy: ["d"])
    }
    public static func readContainer(_ container: String) -> StorageOperation {
        StorageOperation(level: .container, container: container, allowedBy: ["r"])
    }
    public static func listBlobs(_ container: String) -> StorageOperation {
        StorageOperation(level: .container, container: container, allowedBy: ["l"])
    }
    /// Download, properties, metadata, block list.
    public static func readBlob(_ container: String, _ blob: String) -> StorageOperation {
        StorageOperation(level: .object, container: container, blob: blob, allowedBy: ["r"])
    }
    /// Put Blob, Put Block, Put Block List, Set Blob Metadata/Properties.
    public static func writeBlob(_ container: String, _ blob: String, creates: Bool) -> StorageOperation {
        StorageOperation(level: .object, container: container, blob: blob, allowedBy: creates ? ["w", "c"] : ["w"])
    }
    public static func deleteBlob(_ container: String, _ blob: String) -> StorageOperation {
        StorageOperation(level: .object, container: container, blob: blob, allowedBy: ["d"])
    }
}
