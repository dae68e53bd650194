// CWriterSupport: the C half of iedrive's drive writer, the process that writes one export
// drive. Each part is in its own file:
//
//   encrypted_volume.c  a BitLocker volume's sectors over a descriptor: plaintext in and out,
//                       XTS-AES on the device (OpenSSL), the first sectors relocated; or a
//                       plain volume; and a read-write libntfs-3g device over it
//   ntfs_writer.c       libntfs-3g mounted read-write on that device: directories, files
//                       written at offsets (holes stay sparse), a clean unmount
//
// Only IEDriveNTFSWriter imports this module. No libntfs-3g or OpenSSL type appears here.
#ifndef IEDRIVE_CWRITERSUPPORT_H
#define IEDRIVE_CWRITERSUPPORT_H

#include <stddef.h>
#include <stdint.h>

// MARK: encrypted_volume.c

typedef struct iedrive_encrypted_volume iedrive_encrypted_volume;

/// The plaintext view of a volume at `volume_offset` of `fd` (not owned, open read-write):
/// `data_size` bytes the file system may use. With a key (32 or 64 bytes: XTS-AES-128/256),
/// sector s is stored encrypted with tweak s, except the first `header_size` bytes, which are
/// stored at `header_offset` (BitLocker's relocated boot sectors) with the tweak of the
/// sector they are stored at. Without a key (NULL), a plain volume. NULL with errno.
iedrive_encrypted_volume *iedrive_encrypted_volume_new(int fd, uint64_t volume_offset, uint64_t data_size,
                                                       uint32_t sector_size, const uint8_t *key, size_t key_length,
                                                       uint64_t header_size, uint64_t header_offset);
void iedrive_encrypted_volume_free(iedrive_encrypted_volume *volume);

/// Writes `count` plaintext bytes at `offset` (any alignment: partial sectors are read,
/// merged and written whole). Bytes written, or -1 with errno (also remembered).
int64_t iedrive_encrypted_volume_pwrite(iedrive_encrypted_volume *volume, const void *buffer, int64_t count,
                                        int64_t offset);
/// Reads `count` plaintext bytes at `offset`, clamped to data_size. Bytes read, or -1 with errno.
int64_t iedrive_encrypted_volume_pread(iedrive_encrypted_volume *volume, void *buffer, int64_t count, int64_t offset);
/// fdatasync of the descriptor: 0, or an errno (also remembered).
int iedrive_encrypted_volume_sync(iedrive_encrypted_volume *volume);

/// errno of the first device error (read, write or sync) since creation, 0 when none; where.
int iedrive_encrypted_volume_device_error(const iedrive_encrypted_volume *volume);
uint64_t iedrive_encrypted_volume_device_error_offset(const iedrive_encrypted_volume *volume);
uint64_t iedrive_encrypted_volume_bytes_written(const iedrive_encrypted_volume *volume);
/// The plaintext bytes a file system may use.
uint64_t iedrive_encrypted_volume_data_size(const iedrive_encrypted_volume *volume);
/// errno, as the last failing call in this module left it.
int iedrive_writer_errno(void);

// MARK: ntfs_writer.c

typedef struct iedrive_ntfs_writer iedrive_ntfs_writer;

/// Mounts the NTFS on `volume` (not owned; free it after the writer) read-write. NULL with
/// errno. libntfs-3g's messages go to stderr (errors only).
iedrive_ntfs_writer *iedrive_ntfs_writer_mount(iedrive_encrypted_volume *volume);

/// Paths are UTF-16 code units, components separated by '/' (U+002F), relative to the root.
/// Makes a directory and any missing parent: 0, or an errno (ENOTDIR when a component is a file).
int iedrive_ntfs_writer_make_directory(iedrive_ntfs_writer *writer, const uint16_t *path, size_t length);
/// Creates a file (its parents must exist) and keeps it open for writing: 0, or an errno
/// (EEXIST when the name is taken). `size` is its final size: with `sparse` the file is
/// marked sparse and only what is written takes clusters.
int iedrive_ntfs_writer_create_file(iedrive_ntfs_writer *writer, const uint16_t *path, size_t length, uint64_t size,
                                    int sparse);
/// Writes to the open file: 0, or an errno (ENOSPC when the volume is full).
int iedrive_ntfs_writer_write(iedrive_ntfs_writer *writer, const void *buffer, size_t count, uint64_t offset);
/// Closes the open file (its size set to what create_file said): 0, or an errno.
int iedrive_ntfs_writer_close_file(iedrive_ntfs_writer *writer);
/// Deletes the open file (a blob that could not be written whole leaves no name behind): 0, or an errno.
int iedrive_ntfs_writer_discard_file(iedrive_ntfs_writer *writer);
/// Free clusters × cluster size, in bytes.
uint64_t iedrive_ntfs_writer_free_bytes(iedrive_ntfs_writer *writer);
uint32_t iedrive_ntfs_writer_cluster_size(iedrive_ntfs_writer *writer);
/// Closes what is open, writes everything out and frees the writer: 0, or an errno.
int iedrive_ntfs_writer_unmount(iedrive_ntfs_writer *writer);
/// A writer given up (the parent went away, an error): what is open is closed as it is, the
/// volume stays flagged dirty, the writer is freed: 0, or an errno.
int iedrive_ntfs_writer_abandon(iedrive_ntfs_writer *writer);

#endif
