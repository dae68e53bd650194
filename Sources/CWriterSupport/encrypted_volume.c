// The plaintext side of a volume the writer writes: BitLocker (XTS-AES through OpenSSL, the
// first sectors relocated as BitLocker keeps them) or plain, over a read-write descriptor.
// Partial sectors are read, decrypted, merged and written whole, so any caller (libntfs-3g
// writes MFT records, index blocks and partial clusters) sees byte-addressed storage.
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "CWriterSupport.h"

/// Bytes encrypted and written per device write (the bounce buffer).
enum { CHUNK = 1 << 20 };

struct iedrive_encrypted_volume {
    int fd;
    uint64_t volume_offset;
    uint64_t data_size;
    uint32_t sector_size;
    EVP_CIPHER_CTX *encrypt;   // NULL: plain volume
    EVP_CIPHER_CTX *decrypt;
    uint64_t header_size;
    uint64_t header_offset;
    uint8_t *bounce;
    int device_error;
    uint64_t device_error_offset;
    uint64_t bytes_written;
};

static void remember(iedrive_encrypted_volume *volume, int error, uint64_t offset) {
    if (volume->device_error == 0) {
        volume->device_error = error ? error : EIO;
        volume->device_error_offset = offset;
    }
}

iedrive_encrypted_volume *iedrive_encrypted_volume_new(int fd, uint64_t volume_offset, uint64_t data_size,
                                                       uint32_t sector_size, const uint8_t *key, size_t key_length,
                                                       uint64_t header_size, uint64_t header_offset) {
    if (sector_size < 512 || sector_size > 4096 || (sector_size & (sector_size - 1)) != 0
        || header_size % sector_size != 0 || header_offset % sector_size != 0) {
        errno = EINVAL;
        return NULL;
    }
    iedrive_encrypted_volume *volume = calloc(1, sizeof *volume);
    if (volume == NULL) return NULL;
    volume->fd = fd;
    volume->volume_offset = volume_offset;
    volume->data_size = data_size;
    volume->sector_size = sector_size;
    volume->header_size = header_size;
    volume->header_offset = header_offset;
    volume->bounce = aligned_alloc(4096, CHUNK);
    if (volume->bounce == NULL) {
        iedrive_encrypted_volume_free(volume);
        errno = ENOMEM;
        return NULL;
    }
    if (key != NULL) {
        const EVP_CIPHER *kind = key_length == 32 ? EVP_aes_128_xts() : key_length == 64 ? EVP_aes_256_xts() : NULL;
        volume->encrypt = EVP_CIPHER_CTX_new();
        volume->decrypt = EVP_CIPHER_CTX_new();
        if (kind == NULL || volume->encrypt == NULL || volume->decrypt == NULL
            || EVP_CipherInit_ex(volume->encrypt, kind, NULL, key, NULL, 1) != 1
            || EVP_CipherInit_ex(volume->decrypt, kind, NULL, key, NULL, 0) != 1) {
            iedrive_encrypted_volume_free(volume);
            errno = EINVAL;
            return NULL;
        }
    }
    return volume;
}

void iedrive_encrypted_volume_free(iedrive_encrypted_volume *volume) {
    if (volume == NULL) return;
    EVP_CIPHER_CTX_free(volume->encrypt);
    EVP_CIPHER_CTX_free(volume->decrypt);
    free(volume->bounce);
    free(volume);
}

int iedrive_encrypted_volume_device_error(const iedrive_encrypted_volume *volume) { return volume->device_error; }
uint64_t iedrive_encrypted_volume_device_error_offset(const iedrive_encrypted_volume *volume) {
    return volume->device_error_offset;
}
uint64_t iedrive_encrypted_volume_bytes_written(const iedrive_encrypted_volume *volume) { return volume->bytes_written; }

/// Where plaintext byte `offset` is stored, relative to the volume's start.
static uint64_t stored_at(const iedrive_encrypted_volume *volume, uint64_t offset) {
    return offset < volume->header_size ? volume->header_offset + offset : offset;
}

/// How many bytes from `offset` on are stored contiguously (the relocated header ends a run).
static uint64_t run_length(const iedrive_encrypted_volume *volume, uint64_t offset, uint64_t count) {
    if (offset < volume->header_size && offset + count > volume->header_size) return volume->header_size - offset;
    return count;
}

static int crypt_sectors(iedrive_encrypted_volume *volume, EVP_CIPHER_CTX *context, uint8_t *bytes, size_t length,
                         uint64_t stored_offset) {
    if (context == NULL) return 0;
    uint8_t tweak[16];
    uint32_t size = volume->sector_size;
    for (size_t done = 0; done < length; done += size) {
        uint64_t sector = (stored_offset + done) / size;
        memset(tweak, 0, sizeof tweak);
        for (int i = 0; i < 8; i++) tweak[i] = (uint8_t)(sector >> (8 * i));
        int written = 0;
        if (EVP_CipherInit_ex(context, NULL, NULL, NULL, tweak, -1) != 1
            || EVP_CipherUpdate(context, bytes + done, &written, bytes + done, (int)size) != 1
            || written != (int)size) {
            errno = EIO;
            return -1;
        }
    }
    return 0;
}

static int device_pwrite(iedrive_encrypted_volume *volume, const uint8_t *bytes, size_t length, uint64_t stored) {
    size_t done = 0;
    while (done < length) {
        ssize_t put = pwrite(volume->fd, bytes + done, length - done, (off_t)(volume->volume_offset + stored + done));
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) {
            int error = put < 0 ? errno : ENOSPC;
            remember(volume, error, stored + done);
            errno = error;
            return -1;
        }
        done += (size_t)put;
    }
    volume->bytes_written += length;
    return 0;
}

static int device_pread(iedrive_encrypted_volume *volume, uint8_t *bytes, size_t length, uint64_t stored) {
    size_t done = 0;
    while (done < length) {
        ssize_t got = pread(volume->fd, bytes + done, length - done, (off_t)(volume->volume_offset + stored + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            remember(volume, errno, stored + done);
            return -1;
        }
        if (got == 0) {   // past the device's end: unwritten, reads as zeros
            memset(bytes + done, 0, length - done);
            return 0;
        }
        done += (size_t)got;
    }
    return 0;
}

/// Whole sectors of plaintext at a sector-aligned offset, through the bounce buffer.
static int write_sectors(iedrive_encrypted_volume *volume, const uint8_t *plain, uint64_t count, uint64_t offset) {
    uint64_t done = 0;
    while (done < count) {
        uint64_t piece = count - done < CHUNK ? count - done : CHUNK;
        piece = run_length(volume, offset + done, piece);
        uint64_t stored = stored_at(volume, offset + done);
        memcpy(volume->bounce, plain + done, piece);
        if (crypt_sectors(volume, volume->encrypt, volume->bounce, piece, stored) != 0) return -1;
        if (device_pwrite(volume, volume->bounce, piece, stored) != 0) return -1;
        done += piece;
    }
    return 0;
}

/// Whole sectors into `plain` (any buffer) from a sector-aligned offset.
static int read_sectors(iedrive_encrypted_volume *volume, uint8_t *plain, uint64_t count, uint64_t offset) {
    uint64_t done = 0;
    while (done < count) {
        uint64_t piece = run_length(volume, offset + done, count - done);
        uint64_t stored = stored_at(volume, offset + done);
        if (device_pread(volume, plain + done, piece, stored) != 0) return -1;
        if (crypt_sectors(volume, volume->decrypt, plain + done, piece, stored) != 0) return -1;
        done += piece;
    }
    return 0;
}

int64_t iedrive_encrypted_volume_pwrite(iedrive_encrypted_volume *volume, const void *buffer, int64_t count,
                                        int64_t offset) {
    if (count < 0 || offset < 0) {
        errno = EINVAL;
        return -1;
    }
    if ((uint64_t)offset + (uint64_t)count > volume->data_size) {
        errno = ENOSPC;
        return -1;
    }
    const uint8_t *bytes = buffer;
    uint64_t size = volume->sector_size;
    uint64_t at = (uint64_t)offset, left = (uint64_t)count;
    uint8_t sector[4096];
    while (left > 0) {
        uint64_t within = at % size;
        if (within == 0 && left >= size) {
            uint64_t whole = left - left % size;
            if (write_sectors(volume, bytes, whole, at) != 0) return -1;
            bytes += whole; at += whole; left -= whole;
            continue;
        }
        // A partial sector: read it, merge, write it whole.
        uint64_t start = at - within;
        uint64_t piece = size - within < left ? size - within : left;
        if (read_sectors(volume, sector, size, start) != 0) return -1;
        memcpy(sector + within, bytes, piece);
        if (write_sectors(volume, sector, size, start) != 0) return -1;
        bytes += piece; at += piece; left -= piece;
    }
    return count;
}

int64_t iedrive_encrypted_volume_pread(iedrive_encrypted_volume *volume, void *buffer, int64_t count, int64_t offset) {
    if (count < 0 || offset < 0) {
        errno = EINVAL;
        return -1;
    }
    if ((uint64_t)offset >= volume->data_size) return 0;
    if ((uint64_t)count > volume->data_size - (uint64_t)offset) count = (int64_t)(volume->data_size - (uint64_t)offset);
    uint8_t *bytes = buffer;
    uint64_t size = volume->sector_size;
    uint64_t at = (uint64_t)offset, left = (uint64_t)count;
    uint8_t sector[4096];
    while (left > 0) {
        uint64_t within = at % size;
        if (within == 0 && left >= size) {
            uint64_t whole = left - left % size;
            if (read_sectors(volume, bytes, whole, at) != 0) return -1;
            bytes += whole; at += whole; left -= whole;
            continue;
        }
        uint64_t start = at - within;
        uint64_t piece = size - within < left ? size - within : left;
        if (read_sectors(volume, sector, size, start) != 0) return -1;
        memcpy(bytes, sector + within, piece);
        bytes += piece; at += piece; left -= piece;
    }
    return count;
}

int iedrive_encrypted_volume_sync(iedrive_encrypted_volume *volume) {
    if (fdatasync(volume->fd) != 0) {
        remember(volume, errno, 0);
        return errno;
    }
    return 0;
}

int iedrive_writer_errno(void) { return errno; }
uint64_t iedrive_encrypted_volume_data_size(const iedrive_encrypted_volume *volume) { return volume->data_size; }
