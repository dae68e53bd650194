import IEDriveSystem
public import IEDriveCore

extension StorageTarget {
    /// Stores `bytes` as one small blob at `path` the way every blob is stored — staged, made
    /// durable, published (over an existing blob: drive logs are rewritten by a later run).
    /// For documents iedrive writes itself, such as the drive logs.
    public func putSmallBlob(_ bytes: [UInt8], at path: BlobPath, stagedAs id: StagedBlobID,
                             properties: BlobProperties = BlobProperties()) throws(TargetError) {
        let descriptor = try openStaging(id, length: UInt64(bytes.count))
        do {
            try SystemCall.writeAll(descriptor, bytes, subject: "\(path)")
        } catch {
            SystemCall.close(descriptor)
            throw TargetError(error, doing: "writing \(path)", at: displayName)
        }
        SystemCall.close(descriptor)
        try syncStaged()
        _ = try publish([PublishRequest(staged: id, path: path, type: .block, length: UInt64(bytes.count),
                                        disposition: .overwrite, properties: properties)])
    }
}
