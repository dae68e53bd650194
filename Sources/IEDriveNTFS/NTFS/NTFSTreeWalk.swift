internal import CNTFS3G
public import IEDriveCore

/// Every entry below a directory, handed out in batches: each directory's entries are
/// given when it is listed, so parents come before their children. Directories are listed
/// depth first; reparse points (junctions, links) are not entered, and a directory already
/// walked is not walked again (a loop in a damaged MFT).
public struct NTFSTreeWalk {
    private let volume: NTFSVolume
    private var pending: [(path: VolumePath, mref: UInt64)] = []
    private var visited: Set<UInt64> = []
    private var ready: [VolumeEntry] = []
    private var readyIndex = 0
    /// Entries handed out so far.
    public private(set) var count: UInt64 = 0

    init(volume: NTFSVolume, root: VolumePath, rootRecord: UInt64) {
        self.volume = volume
        pending = [(root, rootRecord)]
        visited = [rootRecord]
    }

    /// The next entries, at most `maxCount` and about `maxBytes` of paths; empty at the end.
    public mutating func next(maxCount: Int, maxBytes: Int) throws(ReaderFailure) -> [VolumeEntry] {
        var batch: [VolumeEntry] = []
        var bytes = 0
        while batch.count < maxCount {
            if readyIndex == ready.count {
                guard let directory = pending.popLast() else { break }
                try list(directory)
                continue
            }
            let entry = ready[readyIndex]
            let size = entry.path.utf8.count + Self.entryOverhead
            if !batch.isEmpty, bytes + size > maxBytes { break }
            batch.append(entry)
            bytes += size
            readyIndex += 1
        }
        count += UInt64(batch.count)
        return batch
    }

    /// Bytes an entry takes on the wire beside its path.
    static let entryOverhead = 32

    private mutating func list(_ directory: (path: VolumePath, mref: UInt64)) throws(ReaderFailure) {
        volume.device.clearReadError()
        let inode = try volume.inode(mref: directory.mref, path: directory.path)
        let (entries, subdirectories) = try volume.children(of: inode, path: directory.path)
        ready = entries
        readyIndex = 0
        // Reversed, so the first subdirectory is listed next.
        for subdirectory in subdirectories.reversed() where visited.insert(iedrive_mref(subdirectory.mref)).inserted {
            pending.append(subdirectory)
        }
    }
}

extension NTFSVolume {
    /// A walk of the tree below the directory at `path` (not including it).
    public func walk(from path: String) throws(ReaderFailure) -> NTFSTreeWalk {
        let path = try VolumePath(path)
        device.clearReadError()
        let directory = try inode(at: path)
        try requireDirectory(directory, path: path)
        return NTFSTreeWalk(volume: self, root: path, rootRecord: directory.mftRecord)
    }
}
