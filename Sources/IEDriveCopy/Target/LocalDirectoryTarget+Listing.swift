public import IEDriveCore

extension LocalDirectoryTarget {
    /// Walks the container's directories depth first, children in the order of the names they
    /// can hold, pruning every subtree that cannot hold a name with `prefix` after
    /// `startAfter`, and keeping at most `limit` names per level (see `ListingWalk`). Only the
    /// page's blobs have their records read.
    public func list(container: String, prefix: String, startAfter: String?, limit: Int) throws(TargetError) -> [StoredBlobInfo] {
        guard limit > 0, ContainerName.isValid(container) else { return [] }
        let root = try openRoot()
        let doing = "listing container \(container)"
        guard let containerDirectory = try directory(root, [container], create: false, doing: doing) else { return [] }
        var walk = ListingWalk(prefix: Array(prefix.utf8), startAfter: startAfter.map { Array($0.utf8) }, limit: limit)
        let found: [ListingWalk.Found]
        do {
            found = try walk.collect(in: containerDirectory.raw)
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        var page: [StoredBlobInfo] = []
        for blob in found {
            guard let path = try? BlobPath(container: container, name: blob.name),
                  let blobDirectory = try directory(containerDirectory, blob.components, create: false, doing: doing),
                  let info = try storedInfo(path, in: blobDirectory, doing: doing)
            else { continue }
            page.append(info)
        }
        return page
    }
}
