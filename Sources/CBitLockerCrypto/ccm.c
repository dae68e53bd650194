#include <openssl/evp.h>
#include "CBitLockerCrypto.h"

// One CCM operation: CCM needs the tag length and nonce length set before the key, and the
// total length announced before the data (OpenSSL's documented sequence).
static EVP_CIPHER_CTX *ccm_begin(const uint8_t key[32], const uint8_t nonce[12], int encrypt, const uint8_t *tag,
                                 size_t length) {
    EVP_CIPHER_CTX *context = EVP_CIPHER_CTX_new();
    int ignored = 0;
    if (context == NULL) return NULL;
    if (EVP_CipherInit_ex(context, EVP_aes_256_ccm(), NULL, NULL, NULL, encrypt) != 1
        || EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1
        || EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, 16, (void *)tag) != 1
        || EVP_CipherInit_ex(context, NULL, NULL, key, nonce, encrypt) != 1
        || EVP_CipherUpdate(context, NULL, &ignored, NULL, (int)length) != 1) {
        EVP_CIPHER_CTX_free(context);
        return NULL;
    }
    return context;
}

int iedrive_ccm_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *plaintext, size_t length,
                     uint8_t *ciphertext, uint8_t tag[16]) {
    EVP_CIPHER_CTX *context = ccm_begin(key, nonce, 1, NULL, length);
    int written = 0, result = -1;
    if (context == NULL) return -1;
    if (EVP_CipherUpdate(context, ciphertext, &written, plaintext, (int)length) == 1
        && EVP_CipherFinal_ex(context, ciphertext + written, &written) == 1
        && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, 16, tag) == 1) {
        result = 0;
    }
    EVP_CIPHER_CTX_free(context);
    return result;
}

int iedrive_ccm_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ciphertext, size_t length,
                     const uint8_t tag[16], uint8_t *plaintext) {
    EVP_CIPHER_CTX *context = ccm_begin(key, nonce, 0, tag, length);
    int written = 0;
    if (context == NULL) return -1;
    // In CCM decryption the tag is checked by this one update; a mismatch fails it.
    int matched = EVP_CipherUpdate(context, plaintext, &written, ciphertext, (int)length) == 1;
    EVP_CIPHER_CTX_free(context);
    return matched ? 0 : 1;
}
