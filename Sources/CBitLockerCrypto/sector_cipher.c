#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include "CBitLockerCrypto.h"

struct iedrive_sector_cipher {
    EVP_CIPHER_CTX *context;
};

iedrive_sector_cipher *iedrive_sector_cipher_new(const uint8_t *key, size_t key_length, int encrypt) {
    const EVP_CIPHER *kind = key_length == 32 ? EVP_aes_128_xts() : key_length == 64 ? EVP_aes_256_xts() : NULL;
    if (kind == NULL) return NULL;
    iedrive_sector_cipher *cipher = calloc(1, sizeof *cipher);
    if (cipher == NULL) return NULL;
    cipher->context = EVP_CIPHER_CTX_new();
    if (cipher->context == NULL
        || EVP_CipherInit_ex(cipher->context, kind, NULL, key, NULL, encrypt ? 1 : 0) != 1) {
        iedrive_sector_cipher_free(cipher);
        return NULL;
    }
    return cipher;
}

void iedrive_sector_cipher_free(iedrive_sector_cipher *cipher) {
    if (cipher == NULL) return;
    EVP_CIPHER_CTX_free(cipher->context);
    free(cipher);
}

int iedrive_sector_cipher_run(iedrive_sector_cipher *cipher, uint64_t first_sector, uint32_t sector_size,
                              const uint8_t *input, uint8_t *output, size_t length) {
    if (sector_size == 0 || length % sector_size != 0) return -1;
    uint8_t tweak[16];
    for (size_t done = 0; done < length; done += sector_size) {
        uint64_t sector = first_sector + done / sector_size;
        memset(tweak, 0, sizeof tweak);
        for (int i = 0; i < 8; i++) tweak[i] = (uint8_t)(sector >> (8 * i));
        int written = 0;
        if (EVP_CipherInit_ex(cipher->context, NULL, NULL, NULL, tweak, -1) != 1
            || EVP_CipherUpdate(cipher->context, output + done, &written, input + done, (int)sector_size) != 1
            || written != (int)sector_size) {
            return -1;
        }
    }
    return 0;
}
