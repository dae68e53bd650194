import HTTPTypes
import Hummingbird
import IEDriveCore
import IEDriveStorageAccounts

/// A Blob service operation, read off a request: method, what the path names, `restype` and
/// `comp`. Each knows what authorizes it (`operation`) and how it runs (the extensions).
enum BlobCall: Sendable {
    case listContainers(prefix: String, marker: String?, maxResults: Int, includeMetadata: Bool)
    case createContainer(String)
    case deleteContainer(String)
    case containerProperties(String, head: Bool)
    case listBlobs(String, BlobListing)
    case blobProperties(BlobPath)
    case download(BlobPath)
    case blobMetadata(BlobPath, head: Bool)
    case putBlob(BlobPath)
    case putBlock(BlobPath, blockId: String)
    case putBlockList(BlobPath)
    case getBlockList(BlobPath)
    case setMetadata(BlobPath)
    case setProperties(BlobPath)
    case deleteBlob(BlobPath)

    init(request: Request, target: BlobRequestTarget) throws(BlobServiceError) {
        let method = request.method
        let restype = target.parameter("restype"), comp = target.parameter("comp")
        guard let container = target.container else {
            guard method == .get, comp == "list" else {
                throw .unsupported("\(method.rawValue) on the account\(comp.map { " with comp=\($0)" } ?? "")")
            }
            self = .listContainers(prefix: target.parameter("prefix") ?? "", marker: target.parameter("marker"),
                                   maxResults: try Self.maxResults(target), includeMetadata: false)
            return
        }
        if let problem = ContainerName.problem(container) {
            throw BlobServiceError(.badRequest, "InvalidResourceName", "The container name is not valid: \(problem).")
        }
        guard let blob = target.blob else {
            guard restype == "container" else {
                throw .unsupported("\(method.rawValue) on a container without restype=container")
            }
            switch (method, comp) {
            case (.put, nil): self = .createContainer(container)
            case (.delete, nil): self = .deleteContainer(container)
            case (.get, nil), (.head, nil): self = .containerProperties(container, head: method == .head)
            case (.get, "list"): self = .listBlobs(container, try BlobListing(target))
            default: throw .unsupported("\(method.rawValue) on a container with comp=\(comp ?? "")")
            }
            return
        }
        let path: BlobPath
        do {
            path = try BlobPath(container: container, name: blob)
        } catch {
            throw BlobServiceError(.badRequest, "InvalidResourceName", "The blob name is not valid: \(error).")
        }
        switch (method, comp) {
        case (.get, nil): self = .download(path)
        case (.head, nil): self = .blobProperties(path)
        case (.get, "metadata"), (.head, "metadata"): self = .blobMetadata(path, head: method == .head)
        case (.put, nil): self = .putBlob(path)
        case (.put, "block"):
            guard let id = target.parameter("blockid") else {
                throw BlobServiceError(.badRequest, "MissingRequiredQueryParameter", "Put Block needs blockid.")
            }
            self = .putBlock(path, blockId: id)
        case (.put, "blocklist"): self = .putBlockList(path)
        case (.get, "blocklist"): self = .getBlockList(path)
        case (.put, "metadata"): self = .setMetadata(path)
        case (.put, "properties"): self = .setProperties(path)
        case (.delete, nil): self = .deleteBlob(path)
        default: throw .unsupported("\(method.rawValue) on a blob with comp=\(comp ?? "")")
        }
    }

    /// What authorizes the call.
    var operation: StorageOperation {
        switch self {
        case .listContainers: .listContainers()
        case .createContainer(let name): .createContainer(name)
        case .deleteContainer(let name): .deleteContainer(name)
        case .containerProperties(let name, _): .readContainer(name)
        case .listBlobs(let name, _): .listBlobs(name)
        case .blobProperties(let path), .download(let path), .blobMetadata(let path, _), .getBlockList(let path):
            .readBlob(path.container, path.name)
        case .putBlob(let path), .putBlock(let path, _), .putBlockList(let path):
            .writeBlob(path.container, path.name, creates: true)
        case .setMetadata(let path), .setProperties(let path): .writeBlob(path.container, path.name, creates: false)
        case .deleteBlob(let path): .deleteBlob(path.container, path.name)
        }
    }

    func run(_ request: Request, storage: BlobStorage, grant: StorageAuthorizer.Grant) async throws -> Response {
        switch self {
        case .listContainers(let prefix, let marker, let maxResults, _):
            return try listContainers(storage, prefix: prefix, marker: marker, maxResults: maxResults)
        case .createContainer(let name): return try createContainer(storage, name)
        case .deleteContainer(let name): return try deleteContainer(storage, name)
        case .containerProperties(let name, _): return try containerProperties(storage, name)
        case .listBlobs(let name, let listing): return try listBlobs(storage, name, listing)
        case .blobProperties(let path): return try blobProperties(storage, path)
        case .download(let path): return try download(request, storage, path, grant: grant)
        case .blobMetadata(let path, _): return try blobMetadata(storage, path)
        case .putBlob(let path): return try await putBlob(request, storage, path)
        case .putBlock(let path, let id): return try await putBlock(request, storage, path, blockId: id)
        case .putBlockList(let path): return try await putBlockList(request, storage, path)
        case .getBlockList(let path): return try getBlockList(storage, path)
        case .setMetadata(let path): return try setMetadata(request, storage, path)
        case .setProperties(let path): return try setProperties(request, storage, path)
        case .deleteBlob(let path): return try deleteBlob(storage, path)
        }
    }

    static func maxResults(_ target: BlobRequestTarget) throws(BlobServiceError) -> Int {
        guard let text = target.parameter("maxresults") else { return 5_000 }
        guard let value = Int(text), value > 0 else {
            throw BlobServiceError(.badRequest, "OutOfRangeQueryParameterValue", "maxresults must be a positive number.")
        }
        return min(value, 5_000)
    }
}

/// A List Blobs request's parameters.
struct BlobListing: Sendable {
    var prefix: String
    var delimiter: String?
    var marker: String?
    var maxResults: Int
    var includeMetadata: Bool

    init(_ target: BlobRequestTarget) throws(BlobServiceError) {
        prefix = target.parameter("prefix") ?? ""
        delimiter = target.parameter("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        marker = target.parameter("marker").flatMap { $0.isEmpty ? nil : $0 }
        maxResults = try BlobCall.maxResults(target)
        includeMetadata = (target.parameter("include") ?? "").split(separator: ",").contains("metadata")
    }
}
