/// Where a job's blobs go: the storage account its `storageAccountId` names, or one target for
/// every job. The daemon's drive trips ask it once per drive.
public protocol JobTargets: Sendable {
    /// The target as a whole: where a drive's logs go when its job's own target cannot be opened.
    var root: any StorageTarget { get }
    /// The target the job's drives import into (and their drive logs go to).
    func target(for job: Job) throws -> any StorageTarget
}

/// One target for every job (tests; a daemon that serves no storage accounts).
public struct SingleTarget: JobTargets {
    public let target: any StorageTarget
    public var root: any StorageTarget { target }

    public init(_ target: any StorageTarget) {
        self.target = target
    }

    public func target(for job: Job) throws -> any StorageTarget { target }
}
