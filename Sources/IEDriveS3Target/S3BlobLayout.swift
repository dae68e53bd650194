public import IEDriveCore
import Crypto
import IEDriveS3

/// Where a blob lives in the bucket. Blob `CONTAINER/NAME` is the object
/// `PREFIX/CONTAINER/NAME`, so the bucket reads like the storage account to any S3 tool.
///
/// S3 keys hold at most 1,024 bytes of UTF-8, Azure blob names 1,024 *characters*: a blob
/// whose key would be longer is stored as `PREFIX/.iedrive/long/CONTAINER/<sha256 of the name>`,
/// its name kept in the object's metadata (``S3BlobDescription``), and listings merge those in.
/// Staging and bookkeeping live under `PREFIX/.iedrive/` too, which no blob path can reach
/// (a container name never starts with `.`).
public struct S3BlobLayout: Sendable, Hashable {
    /// The prefix with its trailing `/`, or empty for the bucket's root.
    public let prefix: String

    public static let maxKeyBytes = 1_024

    /// `prefix` as the target address gives it (`s3://BUCKET/PREFIX`): leading and trailing
    /// slashes dropped; empty means the whole bucket.
    public init(prefix: String) {
        var trimmed = Substring(prefix)
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        self.prefix = trimmed.isEmpty ? "" : trimmed + "/"
    }

    /// Where the blob at `path` is stored.
    public func key(for path: BlobPath) -> String {
        let direct = prefix + path.container + "/" + path.name
        guard direct.utf8.count > Self.maxKeyBytes else { return direct }
        return longKey(container: path.container, name: path.name)
    }

    /// Whether `path` is stored under the long-name area.
    public func isLong(_ path: BlobPath) -> Bool {
        (prefix + path.container + "/" + path.name).utf8.count > Self.maxKeyBytes
    }

    /// The key prefix of a container's blobs with names up to the key limit.
    public func containerPrefix(_ container: String) -> String {
        prefix + container + "/"
    }

    /// The key prefix of a container's blobs with longer names.
    public func longPrefix(_ container: String) -> String {
        prefix + ".iedrive/long/" + container + "/"
    }

    /// The key prefix under which staged (not yet committed) uploads live.
    public var stagingPrefix: String { prefix + ".iedrive/staging/" }

    /// The staging key of a staged blob.
    public func stagingKey(_ id: StagedBlobID) -> String { stagingPrefix + id.rawValue }

    /// The container and blob name a key under `containerPrefix` stands for; nil for keys that
    /// are not blobs (bookkeeping, or not under the prefix).
    public func path(forKey key: String) -> BlobPath? {
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard !rest.hasPrefix(".iedrive/") else { return nil }
        return try? BlobPath.parse(String(rest))
    }

    private func longKey(container: String, name: String) -> String {
        longPrefix(container) + SigV4Signer.hex(SHA256.hash(data: Array(name.utf8)))
    }
}
