// A read-only libntfs-3g device (struct ntfs_device_operations) over one of two back ends:
// `size` bytes at `offset` of a descriptor (plain NTFS, or NTFS in a partition), or the
// decrypted volume of an unlocked dislocker context. Nothing here can write: the write
// operations and opening for writing fail with EROFS.
//
// Device read errors (pread failing, dislock returning an error) are remembered, because
// libntfs-3g reports them as it reports corruption (EIO, or just NULL).
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/fs.h>       // BLKGETSIZE64, BLKGETSIZE, BLKSSZGET (not with <sys/mount.h>)
#include "ntfs_includes.h"
#include <dislocker/dislocker.h>
#include "CReaderSupport.h"

enum { SOURCE_FD, SOURCE_DISLOCKER };

/// dislock takes a size_t but answers in an int; libntfs-3g asks for at most a few MiB
/// anyway, so pieces of 1 GiB keep every answer in range.
static const int64_t LARGEST_PIECE = (int64_t)1 << 30;

struct iedrive_block_source {
    int kind;
    int fd;
    uint64_t offset;
    struct _dis_ctx *dislocker;
    uint64_t size;
    uint32_t sector_size;
    int64_t position;           // for the seek/read operations
    int read_error;
    uint64_t read_error_offset;
};

static iedrive_block_source *source_new(int kind, uint64_t size, uint32_t sector_size) {
    iedrive_block_source *source = calloc(1, sizeof *source);
    if (source == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    source->kind = kind;
    source->fd = -1;
    source->size = size;
    source->sector_size = sector_size ? sector_size : 512;
    return source;
}

iedrive_block_source *iedrive_block_source_fd(int fd, uint64_t offset, uint64_t size, uint32_t sector_size) {
    iedrive_block_source *source = source_new(SOURCE_FD, size, sector_size);
    if (source != NULL) {
        source->fd = fd;
        source->offset = offset;
    }
    return source;
}

iedrive_block_source *iedrive_block_source_dislocker(struct _dis_ctx *context, uint64_t size, uint32_t sector_size) {
    iedrive_block_source *source = source_new(SOURCE_DISLOCKER, size, sector_size);
    if (source != NULL) source->dislocker = context;
    return source;
}

void iedrive_block_source_free(iedrive_block_source *source) {
    free(source);
}

uint64_t iedrive_block_source_size(const iedrive_block_source *source) { return source->size; }
uint32_t iedrive_block_source_sector_size(const iedrive_block_source *source) { return source->sector_size; }
int iedrive_block_source_read_error(const iedrive_block_source *source) { return source->read_error; }
uint64_t iedrive_block_source_read_error_offset(const iedrive_block_source *source) { return source->read_error_offset; }

void iedrive_block_source_clear_read_error(iedrive_block_source *source) {
    source->read_error = 0;
    source->read_error_offset = 0;
}

static void remember_read_error(iedrive_block_source *source, int error, uint64_t offset) {
    if (source->read_error == 0) {
        source->read_error = error ? error : EIO;
        source->read_error_offset = offset;
    }
}

/// One piece (≤ LARGEST_PIECE, inside the volume): bytes read, 0 at the device's end, or -1.
static int64_t read_piece(iedrive_block_source *source, uint8_t *buffer, int64_t count, int64_t offset) {
    if (source->kind == SOURCE_FD) {
        for (;;) {
            ssize_t got = pread(source->fd, buffer, (size_t)count, (off_t)(source->offset + (uint64_t)offset));
            if (got >= 0) return got;
            if (errno == EINTR) continue;
            remember_read_error(source, errno, (uint64_t)offset);
            return -1;
        }
    }
    // dislock answers the byte count, or a negative errno (-EIO when the device failed).
    int got = dislock(source->dislocker, buffer, (off_t)offset, (size_t)count);
    if (got <= 0) {
        int error = got < 0 ? -got : EIO;
        remember_read_error(source, error, (uint64_t)offset);
        errno = error;
        return -1;
    }
    return got;
}

int64_t iedrive_block_source_pread(iedrive_block_source *source, void *buffer, int64_t count, int64_t offset) {
    if (count < 0 || offset < 0) {
        errno = EINVAL;
        return -1;
    }
    if ((uint64_t)offset >= source->size) return 0;
    // Clamp: dislock would zero-fill past the end of the volume, a descriptor would read
    // whatever follows the partition.
    if ((uint64_t)count > source->size - (uint64_t)offset) count = (int64_t)(source->size - (uint64_t)offset);
    int64_t done = 0;
    while (done < count) {
        int64_t piece = count - done < LARGEST_PIECE ? count - done : LARGEST_PIECE;
        int64_t got = read_piece(source, (uint8_t *)buffer + done, piece, offset + done);
        if (got < 0) return -1;
        if (got == 0) break;   // the device is shorter than the volume claims
        done += got;
    }
    return done;
}

// MARK: libntfs-3g device operations

static iedrive_block_source *source_of(struct ntfs_device *device) {
    return (iedrive_block_source *)device->d_private;
}

static int op_open(struct ntfs_device *device, int flags) {
    if ((flags & O_ACCMODE) != O_RDONLY) {
        errno = EROFS;
        return -1;
    }
    if (NDevOpen(device)) {
        errno = EBUSY;
        return -1;
    }
    source_of(device)->position = 0;
    NDevSetOpen(device);
    NDevSetReadOnly(device);
    return 0;
}

static int op_close(struct ntfs_device *device) {
    // ntfs_device_free refuses (EBUSY) a device still marked open.
    NDevClearOpen(device);
    return 0;
}

static s64 op_seek(struct ntfs_device *device, s64 offset, int whence) {
    iedrive_block_source *source = source_of(device);
    s64 base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = source->position; break;
    case SEEK_END: base = (s64)source->size; break;
    default: errno = EINVAL; return -1;
    }
    s64 target = base + offset;
    // The end itself is a valid position (the boot sector backup is read from there back).
    if (target < 0 || (uint64_t)target > source->size) {
        errno = EINVAL;
        return -1;
    }
    source->position = target;
    return target;
}

static s64 op_pread(struct ntfs_device *device, void *buffer, s64 count, s64 offset) {
    return iedrive_block_source_pread(source_of(device), buffer, count, offset);
}

static s64 op_read(struct ntfs_device *device, void *buffer, s64 count) {
    iedrive_block_source *source = source_of(device);
    s64 got = iedrive_block_source_pread(source, buffer, count, source->position);
    if (got > 0) source->position += got;
    return got;
}

static s64 op_write(struct ntfs_device *device, const void *buffer, s64 count) {
    (void)device; (void)buffer; (void)count;
    errno = EROFS;
    return -1;
}

static s64 op_pwrite(struct ntfs_device *device, const void *buffer, s64 count, s64 offset) {
    (void)device; (void)buffer; (void)count; (void)offset;
    errno = EROFS;
    return -1;
}

static int op_sync(struct ntfs_device *device) {
    (void)device;
    return 0;   // nothing was written
}

static int op_stat(struct ntfs_device *device, struct stat *info) {
    iedrive_block_source *source = source_of(device);
    memset(info, 0, sizeof *info);
    info->st_mode = S_IFREG | 0444;
    info->st_size = (off_t)source->size;
    info->st_blksize = source->sector_size;
    return 0;
}

static int op_ioctl(struct ntfs_device *device, unsigned long request, void *argument) {
    iedrive_block_source *source = source_of(device);
    switch (request) {
    case BLKGETSIZE64:
        *(uint64_t *)argument = source->size;
        return 0;
    case BLKGETSIZE:
        *(unsigned long *)argument = (unsigned long)(source->size >> 9);
        return 0;
    case BLKSSZGET:
        *(int *)argument = (int)source->sector_size;
        return 0;
    default:
        errno = ENOTTY;   // BLKBSZSET, HDIO_GETGEO, …: not a real block device
        return -1;
    }
}

static struct ntfs_device_operations read_only_operations = {
    .open = op_open,
    .close = op_close,
    .seek = op_seek,
    .read = op_read,
    .write = op_write,
    .pread = op_pread,
    .pwrite = op_pwrite,
    .sync = op_sync,
    .stat = op_stat,
    .ioctl = op_ioctl,
};

struct ntfs_device *iedrive_block_source_ntfs_device(iedrive_block_source *source, const char *name) {
    return ntfs_device_alloc(name, 0, &read_only_operations, source);
}

int iedrive_ntfs_device_release(struct ntfs_device *device) {
    if (NDevOpen(device)) device->d_ops->close(device);
    return ntfs_device_free(device);
}

// MARK: descriptor geometry

int iedrive_fd_geometry(int fd, uint64_t *size, uint32_t *sector_size) {
    struct stat info;
    if (fstat(fd, &info) != 0) return errno;
    if (S_ISBLK(info.st_mode)) {
        uint64_t bytes = 0;
        int logical = 0;
        if (ioctl(fd, BLKGETSIZE64, &bytes) != 0) return errno;
        if (ioctl(fd, BLKSSZGET, &logical) != 0 || logical <= 0) logical = 512;
        *size = bytes;
        *sector_size = (uint32_t)logical;
        return 0;
    }
    if (S_ISREG(info.st_mode)) {
        *size = (uint64_t)info.st_size;
        *sector_size = 512;
        return 0;
    }
    return ENODEV;
}
