internal import CNTFS3G
internal import CReaderSupport

/// The names in one directory, collected by CReaderSupport's `iedrive_dir_list` (which
/// leaves out 8.3 aliases, `.`/`..`, NTFS's own files and, at the root, System Volume
/// Information). Owns the C array; freed when this value ends.
struct DirectoryListing: ~Copyable {
    struct Name {
        var name: String
        var mref: UInt64
    }

    private let listing: UnsafeMutablePointer<iedrive_dir_listing>
    /// errno when ntfs_readdir failed part way (the names read until then are kept).
    let error: Int32

    init(directory inode: borrowing NTFSInode, isRoot: Bool) {
        listing = .allocate(capacity: 1)
        listing.initialize(to: iedrive_dir_listing())
        error = iedrive_dir_list(inode.handle, isRoot ? 1 : 0, listing)
    }

    deinit {
        iedrive_dir_listing_free(listing)
        listing.deallocate()
    }

    /// Names that could not be turned into UTF-8 (unpaired UTF-16 surrogates), left out.
    var unconvertibleCount: Int { listing.pointee.unconvertible }

    var names: [Name] {
        guard let entries = listing.pointee.entries else { return [] }
        return UnsafeBufferPointer(start: entries, count: listing.pointee.count).map { entry in
            Name(name: String(cString: entry.name), mref: entry.mref)
        }
    }
}
