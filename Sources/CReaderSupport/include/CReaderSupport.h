// CReaderSupport: the C half of iedrive-reader, the unprivileged process that unlocks and
// reads one drive. Each part is in its own file:
//
//   dis_open.c     libdislocker's dis_open(), interposed: read-only, close-on-exec, /dev/fd/N
//   block_source.c a read-only libntfs-3g device over a descriptor or a dislocker context
//   dir_listing.c  ntfs_readdir into an array (no inode is opened while it runs)
//   ntfs_log.c     libntfs-3g's messages to stderr, errors and warnings only
//
// Only IEDriveNTFS imports this module. libntfs-3g and libdislocker types appear here as
// incomplete structs, so this header needs neither library's headers.
#ifndef IEDRIVE_CREADERSUPPORT_H
#define IEDRIVE_CREADERSUPPORT_H

#include <stddef.h>
#include <stdint.h>

struct ntfs_device;   // libntfs-3g
struct _ntfs_inode;   // libntfs-3g
struct _dis_ctx;      // libdislocker

// MARK: dis_open.c

/// 1 when libdislocker's calls to dis_open() reach ours (the running executable exports
/// it), 0 when they would reach libdislocker's own, which opens the volume O_RDWR.
int iedrive_dis_open_is_interposed(void);

// MARK: sha256_interpose.c

/// 1 when libdislocker's calls to mbedtls_sha256_ret() reach ours (OpenSSL's SHA-256, with
/// the CPU's SHA extensions), 0 when they reach mbedTLS's portable one (slower, same digest).
int iedrive_sha256_is_interposed(void);

/// libdislocker's global `dis_errno` (set with DIS_RET_ERROR_FILE_OPEN and friends).
int iedrive_dis_errno(void);

// MARK: block_source.c

/// A read-only volume: `size` bytes at `offset` of a descriptor, or a dislocker context's
/// decrypted volume. Remembers the first device read error since it was last cleared, so a
/// failing drive can be told from a corrupt file system.
typedef struct iedrive_block_source iedrive_block_source;

/// Over `fd` (not owned, not closed). NULL with errno ENOMEM.
iedrive_block_source *iedrive_block_source_fd(int fd, uint64_t offset, uint64_t size, uint32_t sector_size);
/// Over an unlocked dislocker context (not owned: destroy it after this source is freed).
iedrive_block_source *iedrive_block_source_dislocker(struct _dis_ctx *context, uint64_t size, uint32_t sector_size);
void iedrive_block_source_free(iedrive_block_source *source);

uint64_t iedrive_block_source_size(const iedrive_block_source *source);
uint32_t iedrive_block_source_sector_size(const iedrive_block_source *source);

/// Reads up to `count` bytes at `offset`, clamped to the volume: the byte count (0 at or past
/// the end, fewer when the device ends early), or -1 with errno (also remembered).
int64_t iedrive_block_source_pread(iedrive_block_source *source, void *buffer, int64_t count, int64_t offset);

/// errno of the first device read error since the last clear (EIO, or what dislock
/// returned), 0 when there was none; where it happened.
int iedrive_block_source_read_error(const iedrive_block_source *source);
uint64_t iedrive_block_source_read_error_offset(const iedrive_block_source *source);
void iedrive_block_source_clear_read_error(iedrive_block_source *source);

/// A libntfs-3g device reading `source` (ntfs_device_alloc with read-only operations: writes
/// fail with EROFS, opening for writing too). Hand it to ntfs_device_mount; ntfs_umount
/// frees it, and on a failed mount iedrive_ntfs_device_release does. `source` must outlive
/// it. NULL with errno.
struct ntfs_device *iedrive_block_source_ntfs_device(iedrive_block_source *source, const char *name);

/// Closes `device` if libntfs-3g left it open, then ntfs_device_free. 0, or -1 with errno.
int iedrive_ntfs_device_release(struct ntfs_device *device);

/// The byte size of what `fd` refers to (a block device: BLKGETSIZE64; a file: st_size) and
/// its logical sector size (BLKSSZGET; 512 for a file). 0, or an errno value.
int iedrive_fd_geometry(int fd, uint64_t *size, uint32_t *sector_size);

// MARK: dir_listing.c

/// One name in a directory.
typedef struct {
    char *name;            // UTF-8, NUL-terminated
    uint64_t mref;         // inode number and sequence number (ntfs_inode_open checks it)
    unsigned int dt_type;  // NTFS_DT_DIR, NTFS_DT_REG, … as ntfs_readdir reports it
} iedrive_dir_entry;

typedef struct {
    iedrive_dir_entry *entries;
    size_t count;
    size_t capacity;
    /// Names left out because they are not valid UTF-16 (no UTF-8 spelling exists).
    size_t unconvertible;
    int hide_root_extras;
    int error;
} iedrive_dir_listing;

/// Every name in `directory` except DOS 8.3 aliases (FILE_NAME_DOS), "." and "..", and
/// NTFS's own files (inode < FILE_first_user: $MFT … $Extend). With `is_root`, also
/// "System Volume Information" (BitLocker's and Windows' private folder). Fills `listing`
/// (zeroed by the caller); 0, or an errno value (then the listing holds what was read).
/// Free with iedrive_dir_listing_free in both cases.
int iedrive_dir_list(struct _ntfs_inode *directory, int is_root, iedrive_dir_listing *listing);
void iedrive_dir_listing_free(iedrive_dir_listing *listing);

// MARK: ntfs_log.c

/// libntfs-3g logs warnings and errors to stderr, prefixed with their level; nothing else,
/// and never to stdout.
void iedrive_ntfs_log_to_stderr(void);

#endif
