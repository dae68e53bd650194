#include <openssl/rand.h>
#include "CBitLockerCrypto.h"

int iedrive_random_bytes(uint8_t *output, size_t length) {
    return RAND_bytes(output, (int)length) == 1 ? 0 : -1;
}
