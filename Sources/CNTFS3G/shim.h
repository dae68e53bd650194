// CNTFS3G: libntfs-3g 2022.10.3 (Debian ntfs-3g-dev), read-only NTFS in-process.
// pkg-config `libntfs-3g` puts -I/usr/include on the path, so headers are <ntfs-3g/…>.
// Only IEDriveNTFS imports this module; no ntfs-3g pointer leaves it.
#ifndef IEDRIVE_CNTFS3G_SHIM_H
#define IEDRIVE_CNTFS3G_SHIM_H
// The ntfs-3g headers expect their build's HAVE_*_H macros and the includer's system
// headers; without these, in this order, they do not compile:
#include <sys/types.h>
#include <sys/stat.h>   // before ntfstime.h, which otherwise redefines struct timespec
#include <time.h>
#include <fcntl.h>
#include <stdarg.h>     // va_list (logging.h)
#include <stddef.h>
#include <stdio.h>      // size_t, NULL, off_t
#include <ntfs-3g/types.h>
#include <ntfs-3g/volume.h>
#include <ntfs-3g/device.h>
#include <ntfs-3g/inode.h>
#include <ntfs-3g/attrib.h>
#include <ntfs-3g/dir.h>
#include <ntfs-3g/unistr.h>
#include <ntfs-3g/cache.h>
#include <ntfs-3g/logging.h>
#include <ntfs-3g/ntfstime.h>

// Function-like macros and an incomplete array Swift cannot import.
static inline unsigned long long iedrive_mref(unsigned long long mref) { return MREF(mref); }
static inline ntfschar *iedrive_at_unnamed(void) { return AT_UNNAMED; }

// Little-endian flag words behind packed enums (imported as opaque structs): tested here.
static inline int iedrive_inode_is_directory(const ntfs_inode *ni) {
    return (ni->mrec->flags & MFT_RECORD_IS_DIRECTORY) != 0;
}
static inline int iedrive_inode_is_reparse_point(const ntfs_inode *ni) {
    return (ni->flags & FILE_ATTR_REPARSE_POINT) != 0;
}
static inline int iedrive_inode_is_encrypted(const ntfs_inode *ni) {
    return (ni->flags & FILE_ATTR_ENCRYPTED) != 0;
}
/// Interix (SFU/ntfs-3g) symlinks, devices, FIFOs and sockets are system files.
static inline int iedrive_inode_is_system(const ntfs_inode *ni) {
    return (ni->flags & FILE_ATTR_SYSTEM) != 0;
}
/// Last data modification, in whole seconds since 1970 (UTC), rounded down.
static inline long long iedrive_inode_modified_unix_seconds(const ntfs_inode *ni) {
    long long ticks = (long long)sle64_to_cpu(ni->last_data_change_time) - NTFS_TIME_OFFSET;
    long long seconds = ticks / 10000000;
    return ticks < 0 && ticks % 10000000 != 0 ? seconds - 1 : seconds;
}
static inline int iedrive_attr_is_sparse(const ntfs_attr *na) { return (na->data_flags & ATTR_IS_SPARSE) != 0; }
static inline int iedrive_attr_is_compressed(const ntfs_attr *na) { return (na->data_flags & ATTR_COMPRESSION_MASK) != 0; }
static inline int iedrive_attr_is_non_resident(ntfs_attr *na) { return NAttrNonResident(na) ? 1 : 0; }
#endif
