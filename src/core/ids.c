/* Random identifiers: 16 bytes from the CSPRNG, as unpadded base64url; client
 * secrets in letters and digits. */
#include "core/ids.h"
#include "core/crypto.h"

#include <string.h>

void ids_new(char out[ID_LEN]) { crypto_token(out, ID_LEN, 16); }

void ids_client_secret(char *out, size_t size)
{
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = 0;
    while (n + 1 < size) {
        uint8_t buf[64];
        crypto_random(buf, sizeof buf);
        for (size_t i = 0; i < sizeof buf && n + 1 < size; i++)
            if (buf[i] < 248) /* 4 * 62: drawing by remainder from 0..247 favours no character */
                out[n++] = alnum[buf[i] % 62];
    }
    out[n] = '\0';
}

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
