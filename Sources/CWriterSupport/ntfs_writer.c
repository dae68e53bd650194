// libntfs-3g, read-write, on the writer's volume (encrypted_volume.c), through a device of
// our own: no FUSE, no kernel file system. One file is open at a time, and the directory it
// was created in stays open for the next file (blobs arrive in name order, so consecutive
// files mostly share a directory).
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ntfs_includes.h"
#include "CWriterSupport.h"

struct iedrive_ntfs_writer {
    iedrive_encrypted_volume *volume;
    struct ntfs_device *device;
    ntfs_volume *ntfs;
    int64_t position;            // the device's seek position
    // The directory of the last file, by path (UTF-16, '/'-separated, "" = root).
    uint16_t *directory_path;
    size_t directory_length;
    ntfs_inode *directory;
    // The open file, and its name in the cached directory (for discarding it).
    ntfs_inode *file;
    ntfs_attr *data;
    uint64_t file_size;
    ntfschar file_name[255];
    size_t file_name_length;
};

// MARK: the device

static iedrive_ntfs_writer *writer_of(struct ntfs_device *device) { return device->d_private; }

static int op_open(struct ntfs_device *device, int flags) {
    (void)flags;
    if (NDevOpen(device)) {
        errno = EBUSY;
        return -1;
    }
    writer_of(device)->position = 0;
    NDevSetOpen(device);
    return 0;
}

static int op_close(struct ntfs_device *device) {
    NDevClearOpen(device);
    return 0;
}

static s64 op_seek(struct ntfs_device *device, s64 offset, int whence) {
    iedrive_ntfs_writer *writer = writer_of(device);
    s64 base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = writer->position; break;
    case SEEK_END: base = (s64)iedrive_encrypted_volume_data_size(writer->volume); break;
    default: errno = EINVAL; return -1;
    }
    s64 target = base + offset;
    if (target < 0 || (uint64_t)target > iedrive_encrypted_volume_data_size(writer->volume)) {
        errno = EINVAL;
        return -1;
    }
    writer->position = target;
    return target;
}

static s64 op_pread(struct ntfs_device *device, void *buffer, s64 count, s64 offset) {
    return iedrive_encrypted_volume_pread(writer_of(device)->volume, buffer, count, offset);
}

static s64 op_read(struct ntfs_device *device, void *buffer, s64 count) {
    iedrive_ntfs_writer *writer = writer_of(device);
    s64 got = iedrive_encrypted_volume_pread(writer->volume, buffer, count, writer->position);
    if (got > 0) writer->position += got;
    return got;
}

static s64 op_pwrite(struct ntfs_device *device, const void *buffer, s64 count, s64 offset) {
    NDevSetDirty(device);
    return iedrive_encrypted_volume_pwrite(writer_of(device)->volume, buffer, count, offset);
}

static s64 op_write(struct ntfs_device *device, const void *buffer, s64 count) {
    iedrive_ntfs_writer *writer = writer_of(device);
    s64 put = op_pwrite(device, buffer, count, writer->position);
    if (put > 0) writer->position += put;
    return put;
}

static int op_sync(struct ntfs_device *device) {
    int error = iedrive_encrypted_volume_sync(writer_of(device)->volume);
    if (error != 0) {
        errno = error;
        return -1;
    }
    NDevClearDirty(device);
    return 0;
}

static int op_stat(struct ntfs_device *device, struct stat *info) {
    (void)device;
    memset(info, 0, sizeof *info);
    info->st_mode = S_IFREG | 0600;
    return 0;
}

static int op_ioctl(struct ntfs_device *device, unsigned long request, void *argument) {
    (void)device; (void)request; (void)argument;
    errno = ENOTTY;   // not a block device: libntfs-3g falls back to what the boot sector says
    return -1;
}

static struct ntfs_device_operations writer_operations = {
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

// MARK: mount and unmount

static void log_errors_to_stderr(void) {
    ntfs_log_set_handler(ntfs_log_handler_stderr);
    ntfs_log_clear_levels(NTFS_LOG_LEVEL_DEBUG | NTFS_LOG_LEVEL_TRACE | NTFS_LOG_LEVEL_QUIET | NTFS_LOG_LEVEL_INFO
                          | NTFS_LOG_LEVEL_VERBOSE | NTFS_LOG_LEVEL_PROGRESS | NTFS_LOG_LEVEL_ENTER
                          | NTFS_LOG_LEVEL_LEAVE);
    ntfs_log_set_levels(NTFS_LOG_LEVEL_WARNING | NTFS_LOG_LEVEL_ERROR | NTFS_LOG_LEVEL_PERROR | NTFS_LOG_LEVEL_CRITICAL);
    ntfs_log_clear_flags(NTFS_LOG_FLAG_FILENAME | NTFS_LOG_FLAG_LINE | NTFS_LOG_FLAG_FUNCTION);
    ntfs_log_set_flags(NTFS_LOG_FLAG_PREFIX);
}

iedrive_ntfs_writer *iedrive_ntfs_writer_mount(iedrive_encrypted_volume *volume) {
    log_errors_to_stderr();
    iedrive_ntfs_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) return NULL;
    writer->volume = volume;
    writer->device = ntfs_device_alloc("iedrive-export", 0, &writer_operations, writer);
    if (writer->device == NULL) {
        free(writer);
        return NULL;
    }
    writer->ntfs = ntfs_device_mount(writer->device, NTFS_MNT_NONE);
    if (writer->ntfs == NULL) {
        int error = errno;
        if (NDevOpen(writer->device)) writer->device->d_ops->close(writer->device);
        ntfs_device_free(writer->device);
        free(writer);
        errno = error ? error : EIO;
        return NULL;
    }
    ntfs_create_lru_caches(writer->ntfs);
    ntfs_volume_get_free_space(writer->ntfs);
    // libntfs-3g compresses new files by default (DEFAULT_COMPRESSION): not on export drives.
    NVolClearCompression(writer->ntfs);
    // Windows sees names case-insensitively: `A.txt` beside `a.txt` must be refused (EEXIST),
    // not made as two POSIX names only one of which Windows can open.
    // Dirty until a clean unmount: a drive abandoned mid-write is checked by Windows (chkdsk).
    if (ntfs_set_ignore_case(writer->ntfs) != 0
        || ntfs_volume_write_flags(writer->ntfs, writer->ntfs->flags | VOLUME_IS_DIRTY) != 0) {
        int error = errno ? errno : EIO;
        ntfs_umount(writer->ntfs, FALSE);
        free(writer);
        errno = error;
        return NULL;
    }
    return writer;
}

static void close_directory(iedrive_ntfs_writer *writer) {
    if (writer->directory != NULL) ntfs_inode_close(writer->directory);
    writer->directory = NULL;
    free(writer->directory_path);
    writer->directory_path = NULL;
    writer->directory_length = 0;
}

int iedrive_ntfs_writer_unmount(iedrive_ntfs_writer *writer) {
    int error = 0;
    if (writer->file != NULL) error = iedrive_ntfs_writer_close_file(writer);
    close_directory(writer);
    if (error == 0 && ntfs_volume_write_flags(writer->ntfs, writer->ntfs->flags & ~VOLUME_IS_DIRTY) != 0) {
        error = errno ? errno : EIO;
    }
    if (ntfs_umount(writer->ntfs, FALSE) != 0 && error == 0) error = errno ? errno : EIO;
    int device_error = iedrive_encrypted_volume_device_error(writer->volume);
    free(writer);
    return device_error ? device_error : error;
}

int iedrive_ntfs_writer_abandon(iedrive_ntfs_writer *writer) {
    // What is open is closed as it is (no truncation to the promised size) and the dirty flag
    // stays: the drive was not finished, and Windows will check it.
    if (writer->file != NULL) {
        ntfs_attr_close(writer->data);
        ntfs_inode_close_in_dir(writer->file, writer->directory);
        writer->file = NULL;
        writer->data = NULL;
    }
    close_directory(writer);
    int error = ntfs_umount(writer->ntfs, FALSE) != 0 ? (errno ? errno : EIO) : 0;
    free(writer);
    return error;
}

uint32_t iedrive_ntfs_writer_cluster_size(iedrive_ntfs_writer *writer) { return writer->ntfs->cluster_size; }

uint64_t iedrive_ntfs_writer_free_bytes(iedrive_ntfs_writer *writer) {
    s64 free_clusters = writer->ntfs->free_clusters;
    return free_clusters > 0 ? (uint64_t)free_clusters * writer->ntfs->cluster_size : 0;
}

// MARK: directories

/// The child `name` of `parent`, opened; NULL with errno ENOENT when there is none.
static ntfs_inode *open_child(ntfs_inode *parent, const uint16_t *name, size_t length) {
    u64 reference = ntfs_inode_lookup_by_name(parent, (const ntfschar *)name, (int)length);
    if (reference == (u64)-1) return NULL;
    return ntfs_inode_open(parent->vol, MREF(reference));
}

static int is_directory(const ntfs_inode *inode) { return (inode->mrec->flags & MFT_RECORD_IS_DIRECTORY) != 0; }

/// Opens the directory at `path`, making what is missing when `make`. NULL with errno.
static ntfs_inode *open_directory(iedrive_ntfs_writer *writer, const uint16_t *path, size_t length, int make) {
    ntfs_inode *current = ntfs_inode_open(writer->ntfs, FILE_root);
    if (current == NULL) return NULL;
    size_t start = 0;
    while (start < length) {
        size_t end = start;
        while (end < length && path[end] != '/') end++;
        size_t name_length = end - start;
        if (name_length == 0 || name_length > 255) {
            ntfs_inode_close(current);
            errno = EINVAL;
            return NULL;
        }
        // Names go in as little-endian UTF-16, which is how NTFS stores them.
        ntfschar name[255];
        for (size_t i = 0; i < name_length; i++) name[i] = cpu_to_le16(path[start + i]);
        ntfs_inode *child = open_child(current, name, name_length);
        int created = 0;
        if (child == NULL && errno == ENOENT && make) {
            child = ntfs_create(current, const_cpu_to_le32(0), name, (u8)name_length, S_IFDIR);
            created = child != NULL;
        }
        int error = errno;
        if (created) {
            // Write the new directory's record with its parent at hand (not a second copy of
            // the parent), then reopen it: the parent is closed next.
            u64 reference = child->mft_no;
            ntfs_inode_close_in_dir(child, current);
            child = ntfs_inode_open(writer->ntfs, reference);
            error = errno;
        }
        ntfs_inode_close(current);
        if (child == NULL) {
            errno = error ? error : EIO;
            return NULL;
        }
        if (!is_directory(child)) {
            ntfs_inode_close(child);
            errno = ENOTDIR;
            return NULL;
        }
        current = child;
        start = end + 1;
    }
    return current;
}

int iedrive_ntfs_writer_make_directory(iedrive_ntfs_writer *writer, const uint16_t *path, size_t length) {
    if (writer->file != NULL) return EBUSY;
    // The walk below opens its own copies of the directories on the path; two open copies of
    // one directory would overwrite each other's index changes.
    close_directory(writer);
    ntfs_inode *directory = open_directory(writer, path, length, 1);
    if (directory == NULL) return errno ? errno : EIO;
    ntfs_inode_close(directory);
    return 0;
}

/// The cached directory for `path`, opened (not made) when it is not the cached one.
static ntfs_inode *directory_for(iedrive_ntfs_writer *writer, const uint16_t *path, size_t length) {
    if (writer->directory != NULL && writer->directory_length == length
        && (length == 0 || memcmp(writer->directory_path, path, length * sizeof *path) == 0)) {
        return writer->directory;
    }
    close_directory(writer);
    ntfs_inode *directory = open_directory(writer, path, length, 0);
    if (directory == NULL) return NULL;
    writer->directory_path = malloc((length ? length : 1) * sizeof *path);
    if (writer->directory_path == NULL) {
        ntfs_inode_close(directory);
        errno = ENOMEM;
        return NULL;
    }
    if (length) memcpy(writer->directory_path, path, length * sizeof *path);
    writer->directory_length = length;
    writer->directory = directory;
    return directory;
}

// MARK: files

int iedrive_ntfs_writer_create_file(iedrive_ntfs_writer *writer, const uint16_t *path, size_t length, uint64_t size,
                                    int sparse) {
    if (writer->file != NULL) return EBUSY;
    size_t slash = length;
    while (slash > 0 && path[slash - 1] != '/') slash--;
    size_t name_length = length - slash;
    if (name_length == 0 || name_length > 255) return EINVAL;
    ntfs_inode *directory = directory_for(writer, path, slash ? slash - 1 : 0);
    if (directory == NULL) return errno ? errno : EIO;
    ntfschar name[255];
    for (size_t i = 0; i < name_length; i++) name[i] = cpu_to_le16(path[slash + i]);
    errno = 0;
    if (ntfs_inode_lookup_by_name(directory, name, (int)name_length) != (u64)-1) return EEXIST;
    if (errno != ENOENT) return errno ? errno : EIO;
    ntfs_inode *file = ntfs_create(directory, const_cpu_to_le32(0), name, (u8)name_length, S_IFREG);
    if (file == NULL) return errno ? errno : EIO;
    ntfs_attr *data = ntfs_attr_open(file, AT_DATA, AT_UNNAMED, 0);
    if (data == NULL) {
        int error = errno ? errno : EIO;
        ntfs_delete(writer->ntfs, NULL, file, directory, name, (u8)name_length);
        writer->directory = NULL;   // ntfs_delete closed it
        close_directory(writer);
        return error;
    }
    // A dense file gets its clusters now, in one run where the volume has one (they read as
    // zeros until written); a sparse one grows by its writes, libntfs-3g making holes (and
    // the sparse flags) for what is skipped, and is truncated to its size at close.
    if (!sparse && size > 0 && ntfs_attr_truncate_solid(data, (s64)size) != 0) {
        int error = errno ? errno : ENOSPC;
        ntfs_attr_close(data);
        // Not left behind half-made: the name goes again.
        ntfs_delete(writer->ntfs, NULL, file, directory, name, (u8)name_length);
        writer->directory = NULL;   // ntfs_delete closed it
        close_directory(writer);
        return error;
    }
    writer->file = file;
    writer->data = data;
    writer->file_size = size;
    memcpy(writer->file_name, name, name_length * sizeof *name);
    writer->file_name_length = name_length;
    return 0;
}

int iedrive_ntfs_writer_write(iedrive_ntfs_writer *writer, const void *buffer, size_t count, uint64_t offset) {
    if (writer->file == NULL) return EBADF;
    const uint8_t *bytes = buffer;
    size_t done = 0;
    while (done < count) {
        errno = 0;
        s64 put = ntfs_attr_pwrite(writer->data, (s64)(offset + done), (s64)(count - done), bytes + done);
        if (put <= 0) {
            int device_error = iedrive_encrypted_volume_device_error(writer->volume);
            return device_error ? device_error : (errno ? errno : ENOSPC);
        }
        done += (size_t)put;
    }
    return 0;
}

int iedrive_ntfs_writer_close_file(iedrive_ntfs_writer *writer) {
    if (writer->file == NULL) return EBADF;
    int error = 0;
    if ((uint64_t)writer->data->data_size != writer->file_size
        && ntfs_attr_truncate(writer->data, (s64)writer->file_size) != 0) {
        error = errno ? errno : EIO;
    }
    ntfs_attr_close(writer->data);
    if (ntfs_inode_close_in_dir(writer->file, writer->directory) != 0 && error == 0) error = errno ? errno : EIO;
    writer->file = NULL;
    writer->data = NULL;
    int device_error = iedrive_encrypted_volume_device_error(writer->volume);
    return device_error ? device_error : error;
}

int iedrive_ntfs_writer_discard_file(iedrive_ntfs_writer *writer) {
    if (writer->file == NULL) return EBADF;
    ntfs_attr_close(writer->data);
    int error = ntfs_delete(writer->ntfs, NULL, writer->file, writer->directory, writer->file_name,
                            (u8)writer->file_name_length) != 0 ? (errno ? errno : EIO) : 0;
    // ntfs_delete closed the file and its directory, whatever it returned.
    writer->file = NULL;
    writer->data = NULL;
    writer->directory = NULL;
    close_directory(writer);
    int device_error = iedrive_encrypted_volume_device_error(writer->volume);
    return device_error ? device_error : error;
}
