// CBitLockerCrypto: the few OpenSSL (libcrypto) calls iedrive's BitLocker writer needs, behind
// plain C functions. No OpenSSL type appears here; a cipher context is an opaque handle that
// its Swift owner frees.
//
//   sector_cipher.c  XTS-AES (128/256) over whole sectors, the sector number as the tweak
//   ccm.c            AES-256-CCM seal and open (12-byte nonce, 16-byte tag), as BitLocker
//                    protects its keys
//   stretch.c        BitLocker's key stretching: 2^20 rounds of SHA-256 over a salted block
//   random.c         bytes from OpenSSL's CSPRNG
#ifndef IEDRIVE_CBITLOCKERCRYPTO_H
#define IEDRIVE_CBITLOCKERCRYPTO_H

#include <stddef.h>
#include <stdint.h>

// MARK: sector_cipher.c

typedef struct iedrive_sector_cipher iedrive_sector_cipher;

/// An XTS-AES context for `key_length` = 32 (XTS-AES-128) or 64 (XTS-AES-256) key bytes, in
/// one direction (`encrypt` 1 or 0). NULL when OpenSSL refuses the key (equal halves).
iedrive_sector_cipher *iedrive_sector_cipher_new(const uint8_t *key, size_t key_length, int encrypt);
void iedrive_sector_cipher_free(iedrive_sector_cipher *cipher);

/// Transforms `length` bytes (a multiple of `sector_size`) from `input` to `output` (may be
/// the same buffer), sector k with the tweak first_sector + k as a 128-bit little-endian
/// number. 0, or -1 when OpenSSL failed.
int iedrive_sector_cipher_run(iedrive_sector_cipher *cipher, uint64_t first_sector, uint32_t sector_size,
                              const uint8_t *input, uint8_t *output, size_t length);

// MARK: ccm.c

/// AES-256-CCM with a 12-byte nonce and a 16-byte tag, no additional data. 0, or -1.
int iedrive_ccm_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *plaintext, size_t length,
                     uint8_t *ciphertext, uint8_t tag[16]);
/// 0 when the tag matches (plaintext written), 1 when it does not, -1 when OpenSSL failed.
int iedrive_ccm_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ciphertext, size_t length,
                     const uint8_t tag[16], uint8_t *plaintext);

// MARK: stretch.c

/// BitLocker's stretched key: the 88-byte block {last SHA-256, initial SHA-256, salt, u64 LE
/// count} hashed 2^20 times, the count going 0, 1, …; `initial` is the SHA-256 of the secret
/// (for a recovery password, of its 16 key bytes). Writes the last SHA-256 to `output`.
void iedrive_stretch_key(const uint8_t initial[32], const uint8_t salt[16], uint8_t output[32]);

/// SHA-256 of `length` bytes.
void iedrive_sha256(const uint8_t *input, size_t length, uint8_t output[32]);

// MARK: random.c

/// `length` bytes from OpenSSL's CSPRNG. 0, or -1 when it could not be seeded.
int iedrive_random_bytes(uint8_t *output, size_t length);

#endif
