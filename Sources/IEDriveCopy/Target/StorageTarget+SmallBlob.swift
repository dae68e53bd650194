public import IEDriveCore

extension StorageTarget {
    /// Stores `bytes` as one small blob at `path` the way every blob is stored — staged, made
    /// durable, published (over an existing blob: drive logs are rewritten by a later run).
    /// For documents iedrive writes itself, such as the drive logs.
    public func putSmallBlob(_ bytes: [UInt8], at path: BlobPath, stagedAs id: StagedBlobID,
                             properties: BlobProperties = BlobProperties()) throws(TargetError) {
        let staged = stage(id, length: UInt64(bytes.count), expectsLargeWrites: false)
        try staged.createNow()
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { staged.writeNow($0, at: 0, md5: nil) }
            switch written {
            case .written: break
            case .notOpened(let error): throw error
            case .failed(let errno): throw TargetError(errno: errno, doing: "writing \(path)", at: displayName)
            }
        }
        // Publishing makes the staged bytes durable before the name appears.
        _ = try publish([PublishRequest(staged: id, path: path, type: .block, length: UInt64(bytes.count),
                                        disposition: .overwrite, properties: properties)])
    }
}
