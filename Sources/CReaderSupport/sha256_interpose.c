// libdislocker stretches a recovery password with 2^20 rounds of SHA-256, each through
// mbedtls_sha256_ret() called via the PLT. Debian's mbedTLS computes SHA-256 in portable C
// (no SHA-NI): about half a second, half of a small BitLocker drive's whole import. Defined
// here, in the executable, this function takes the library's place (as dis_open does) and
// computes the same digest with OpenSSL's SHA-256, which uses the CPU's SHA extensions
// where there are some. Same arguments, same output, same return value (0).
#define OPENSSL_SUPPRESS_DEPRECATED   // SHA256_Init & co: the one-shot EVP path costs a fetch per call
#include <dlfcn.h>
#include <stddef.h>
#include <openssl/sha.h>
#include "CReaderSupport.h"

int mbedtls_sha256_ret(const unsigned char *input, size_t ilen, unsigned char *output, int is224);

int mbedtls_sha256_ret(const unsigned char *input, size_t ilen, unsigned char *output, int is224) {
    SHA256_CTX context;
    if (is224) {
        SHA224_Init(&context);
        SHA224_Update(&context, input, ilen);
        SHA224_Final(output, &context);
    } else {
        SHA256_Init(&context);
        SHA256_Update(&context, input, ilen);
        SHA256_Final(output, &context);
    }
    return 0;
}

int iedrive_sha256_is_interposed(void) {
    void *found = dlsym(RTLD_DEFAULT, "mbedtls_sha256_ret");
    return found == (void *)&mbedtls_sha256_ret;
}
