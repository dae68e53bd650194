public import Foundation
import IEDriveCopy
public import IEDriveCore
public import IEDriveS3Target

/// Opens the storage target an address names: a directory (a path or `file://` URL), or an S3
/// bucket (`s3://BUCKET[/PREFIX]`, its endpoint and credentials from the `AWS_*` variables or
/// the configuration file's `[s3]` section: ``S3TargetSettings``). Used by the daemon and by
/// `iedrive import` / `reclaim-staging` alike.
public enum StorageTargets {
    /// The `[s3]` section of a configuration file, when one is read (nil: none).
    public static func open(_ address: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            s3File: S3FileSettings? = nil) throws(TargetError) -> any StorageTarget {
        do {
            if try S3TargetSettings.parseAddress(address) != nil {
                let settings = try S3TargetSettings.resolve(address: address, environment: environment, file: s3File?.section)
                return S3Target(settings: settings)
            }
        } catch {
            throw .notAccessible(error.description)
        }
        return try LocalDirectoryTarget.named(address)
    }

    /// Storage account NAME's part of the daemon's target: the directory `NAME/` under a local
    /// target, the key prefix `PREFIX/NAME/` in a bucket (same endpoint and credentials).
    public static func account(_ name: String, of target: any StorageTarget) -> any StorageTarget {
        if let bucket = target as? S3Target { return bucket.account(name) }
        if let directory = target as? LocalDirectoryTarget { return LocalDirectoryTarget(root: directory.root + "/" + name) }
        return target
    }

    /// Whether the address names an object store (blobs held in memory until published: the
    /// copy commits more often there, so memory stays bounded).
    public static func isObjectStore(_ address: String) -> Bool {
        address.lowercased().hasPrefix("s3://")
    }

    /// Pieces held between reading and writing, unless asked: 6, or 2 into an object store,
    /// where whole parts go up on their own queue (four at a time) beside the reading; more
    /// pieces there only add parts in memory (measured: the same rate, 40 MiB more at 6).
    public static func piecesInFlight(_ requested: Int?, for address: String) -> Int {
        requested ?? (isObjectStore(address) ? 2 : 6)
    }

    /// The group-commit size for a target: an object store holds each blob of at most one part
    /// in memory until it is published, so its commits come at least every 16 MiB.
    public static func commitBytes(_ requested: UInt64, for address: String) -> UInt64 {
        isObjectStore(address) ? min(requested, 16 << 20) : requested
    }
}

/// The configuration file's `[s3]` keys with the file's path and mode (a secret there must be
/// readable by its owner only).
public struct S3FileSettings: Sendable, Hashable {
    public var section: S3TargetSettings.FileSection

    public init(endpoint: String?, region: String?, accessKeyID: String?, secretAccessKey: String?, path: String, mode: UInt32) {
        section = S3TargetSettings.FileSection(endpoint: endpoint, region: region, accessKeyID: accessKeyID,
                                               secretAccessKey: secretAccessKey, path: path, mode: mode)
    }
}
