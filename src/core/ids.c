/* Random identifiers: 16 bytes from the CSPRNG, as unpadded base64url. */
#include "core/ids.h"
#include "core/crypto.h"

#include <string.h>

void ids_new(char out[ID_LEN]) { crypto_token(out, ID_LEN, 16); }

int64_t ids_pmi(void)
{
    uint64_t r;
    crypto_random(&r, sizeof r);
    return 2000000000LL + (int64_t)(r % 8000000000ULL);
}

int ids_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != ID_LEN - 1)
        return 0;
    return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}
