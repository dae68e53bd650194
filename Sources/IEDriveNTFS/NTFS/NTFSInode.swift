internal import CNTFS3G

/// Owns one open libntfs-3g inode; closed when this value ends, which must be before its
/// volume is unmounted (holders keep the ``NTFSVolume`` alive).
struct NTFSInode: ~Copyable {
    let handle: UnsafeMutablePointer<ntfs_inode>

    /// Takes ownership of an inode libntfs-3g opened.
    init(_ handle: UnsafeMutablePointer<ntfs_inode>) { self.handle = handle }

    deinit { _ = ntfs_inode_close(handle) }

    var isDirectory: Bool { iedrive_inode_is_directory(handle) != 0 }
    /// Symlinks, junctions, deduplicated and WOF-compressed files, …: never followed or read.
    var isReparsePoint: Bool { iedrive_inode_is_reparse_point(handle) != 0 }
    /// EFS-encrypted: the data cannot be read without the user's certificate.
    var isEncrypted: Bool { iedrive_inode_is_encrypted(handle) != 0 }
    /// An Interix symlink, device, FIFO or socket (what ntfs-3g makes for `ln -s`): a system
    /// file whose data names its kind; not a data file.
    var isInterixSpecial: Bool {
        iedrive_inode_is_system(handle) != 0 && !isDirectory && ntfs_interix_types(handle) != NTFS_DT_REG
    }
    var modifiedUnixSeconds: Int64 { Int64(iedrive_inode_modified_unix_seconds(handle)) }
    var mftRecord: UInt64 { handle.pointee.mft_no }

    /// The unnamed `$DATA` attribute, or nil with errno.
    func openData() -> NTFSAttribute? {
        ntfs_attr_open(handle, AT_DATA, iedrive_at_unnamed(), 0).map(NTFSAttribute.init)
    }
}

/// Owns one open libntfs-3g attribute (a file's unnamed data stream).
struct NTFSAttribute: ~Copyable {
    let handle: UnsafeMutablePointer<ntfs_attr>

    init(_ handle: UnsafeMutablePointer<ntfs_attr>) { self.handle = handle }

    deinit { ntfs_attr_close(handle) }

    var size: UInt64 { UInt64(max(0, handle.pointee.data_size)) }
    var isSparse: Bool { iedrive_attr_is_sparse(handle) != 0 }
    var isCompressed: Bool { iedrive_attr_is_compressed(handle) != 0 }

    /// Up to `buffer.count` bytes at `offset` (decompressed, holes as zeros): the count, 0
    /// at the end, -1 with errno.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        Int(ntfs_attr_pread(handle, Int64(offset), Int64(buffer.count), buffer.baseAddress))
    }
}
