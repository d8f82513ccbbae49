/* PKCE (RFC 7636): checking a code_verifier against its code_challenge. */
#include "oauth/oauth_internal.h"

#include <string.h>

int pkce_well_formed(const char *s)
{
    size_t n = strlen(s);
    return n >= 43 && n <= 128 &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") == n;
}

int pkce_verify(const char *challenge, const char *method, const char *verifier)
{
    if (!verifier || !pkce_well_formed(verifier))
        return 0;
    if (strcmp(method, "plain") == 0)
        return strlen(challenge) == strlen(verifier) && crypto_equal(challenge, verifier, strlen(verifier));
    if (strcmp(method, "S256") != 0)
        return 0;
    uint8_t digest[32];
    char encoded[48];
    crypto_sha256(verifier, strlen(verifier), digest);
    size_t n = crypto_b64url(encoded, sizeof encoded, digest, sizeof digest);
    return n == strlen(challenge) && crypto_equal(encoded, challenge, n);
}
