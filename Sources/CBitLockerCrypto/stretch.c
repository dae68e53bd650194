#define OPENSSL_SUPPRESS_DEPRECATED   // SHA256_Init & co: 2^20 one-shot EVP digests cost a fetch each
#include <openssl/sha.h>
#include <string.h>
#include "CBitLockerCrypto.h"

void iedrive_stretch_key(const uint8_t initial[32], const uint8_t salt[16], uint8_t output[32]) {
    // {last_sha256[32], initial_sha256[32], salt[16], count u64 LE}: 88 bytes.
    uint8_t block[88];
    memset(block, 0, sizeof block);
    memcpy(block + 32, initial, 32);
    memcpy(block + 64, salt, 16);
    for (uint64_t count = 0; count < (1u << 20); count++) {
        for (int i = 0; i < 8; i++) block[80 + i] = (uint8_t)(count >> (8 * i));
        SHA256_CTX context;
        SHA256_Init(&context);
        SHA256_Update(&context, block, sizeof block);
        SHA256_Final(block, &context);
    }
    memcpy(output, block, 32);
}

void iedrive_sha256(const uint8_t *input, size_t length, uint8_t output[32]) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, input, length);
    SHA256_Final(output, &context);
}
