internal import CNTFS3G
public import IEDriveCore
import IEDriveSystem

extension NTFSVolume {
    /// The file or directory at `path`.
    public func entry(at path: String) throws(ReaderFailure) -> VolumeEntry {
        let path = try VolumePath(path)
        device.clearReadError()
        let inode = try self.inode(at: path)
        return try entry(for: inode, path: path)
    }

    /// The entries of the directory at `path`, one level, in the directory's (NTFS
    /// collation) order. At the root, System Volume Information is left out.
    public func list(_ path: String) throws(ReaderFailure) -> [VolumeEntry] {
        let path = try VolumePath(path)
        device.clearReadError()
        let directory = try self.inode(at: path)
        try requireDirectory(directory, path: path)
        return try children(of: directory, path: path).entries
    }

    // MARK: lookups shared by the operations

    /// The inode at `path`. NTFS's own files ($MFT … $Extend and what is below $Extend) are
    /// not reachable: they are not files of the drive, and walks never show them.
    func inode(at path: VolumePath) throws(ReaderFailure) -> NTFSInode {
        if let top = path.topComponent, top.hasPrefix("$"), top != path {
            _ = try inode(at: top)   // refuses a metadata directory such as /$Extend
        }
        let found = path.text.withCString { ntfs_pathname_to_inode(handle, nil, $0) }
        guard let found else { throw lookupFailure(errno: Errno.lastFromCLibrary.rawValue, path: path) }
        let inode = NTFSInode(found)
        if inode.mftRecord < UInt64(FILE_first_user.rawValue), inode.mftRecord != UInt64(FILE_root.rawValue) {
            throw ReaderFailure(.notFound, "This is one of NTFS's own metadata files, not a file of the drive.", path: path.text)
        }
        return inode
    }

    func inode(mref: UInt64, path: VolumePath) throws(ReaderFailure) -> NTFSInode {
        guard let found = ntfs_inode_open(handle, mref) else {
            let error = Errno.lastFromCLibrary.rawValue
            throw device.readFailure(while: "opening an MFT record", path: path.text)
                ?? corrupt("The MFT record of this entry cannot be read (\(Errno(rawValue: error))).", path: path, errno: error)
        }
        return NTFSInode(found)
    }

    func requireDirectory(_ inode: borrowing NTFSInode, path: VolumePath) throws(ReaderFailure) {
        guard inode.isDirectory, !inode.isReparsePoint else {
            throw ReaderFailure(.wrongKind, "This is not a directory.", path: path.text)
        }
    }

    /// The entries in `directory`, and the (path, MFT reference) of its subdirectories.
    func children(of directory: borrowing NTFSInode, path: VolumePath)
        throws(ReaderFailure) -> (entries: [VolumeEntry], subdirectories: [(path: VolumePath, mref: UInt64)]) {
        let listing = DirectoryListing(directory: directory, isRoot: path.isRoot)
        if listing.error != 0 {
            throw device.readFailure(while: "reading a directory", path: path.text)
                ?? corrupt("The directory's index cannot be read (\(Errno(rawValue: listing.error))).", path: path, errno: listing.error)
        }
        if listing.unconvertibleCount > 0 {
            ReaderLog.write("\(path.text): left out \(listing.unconvertibleCount) name(s) that are not valid UTF-16")
        }
        var entries: [VolumeEntry] = []
        var subdirectories: [(path: VolumePath, mref: UInt64)] = []
        for name in listing.names {
            let childPath = path.appending(name.name)
            let child = try inode(mref: name.mref, path: childPath)
            let entry = try entry(for: child, path: childPath)
            if entry.kind == .directory { subdirectories.append((childPath, name.mref)) }
            entries.append(entry)
        }
        return (entries, subdirectories)
    }

    /// What the protocol says about an inode: kind, size of the unnamed data stream, whether
    /// it is sparse or compressed, modification time.
    func entry(for inode: borrowing NTFSInode, path: VolumePath) throws(ReaderFailure) -> VolumeEntry {
        let modified = inode.modifiedUnixSeconds
        if inode.isReparsePoint || inode.isEncrypted || inode.isInterixSpecial {
            // Listed, never read: links and junctions are not followed, EFS data is sealed.
            let data = inode.isDirectory ? nil : inode.openData()
            return VolumeEntry(path: path.text, kind: .other, size: data?.size ?? 0, modified: modified)
        }
        if inode.isDirectory {
            return VolumeEntry(path: path.text, kind: .directory, size: 0, modified: modified)
        }
        guard let data = inode.openData() else {
            let error = Errno.lastFromCLibrary.rawValue
            throw device.readFailure(while: "opening a file's data", path: path.text)
                ?? corrupt("The file's data stream cannot be opened (\(Errno(rawValue: error))).", path: path, errno: error)
        }
        return VolumeEntry(path: path.text, kind: .file, size: data.size, sparse: data.isSparse,
                           compressed: data.isCompressed, modified: modified)
    }

    func corrupt(_ message: String, path: VolumePath, errno: Int32) -> ReaderFailure {
        ReaderFailure(.ntfsCorrupt, message, path: path.text, errno: errno)
    }

    private func lookupFailure(errno error: Int32, path: VolumePath) -> ReaderFailure {
        if let failure = device.readFailure(while: "looking up a path", path: path.text) { return failure }
        switch Errno(rawValue: error) {
        case .noSuchFileOrDirectory, .notDirectory:
            return ReaderFailure(.notFound, "No such file or directory on the volume.", path: path.text, errno: error)
        case .fileNameTooLong, .illegalByteSequence:
            return ReaderFailure(.badRequest, "The path cannot name an NTFS file (\(Errno(rawValue: error))).", path: path.text, errno: error)
        default:
            return corrupt("Looking up the path failed in the NTFS metadata (\(Errno(rawValue: error))).", path: path, errno: error)
        }
    }
}
