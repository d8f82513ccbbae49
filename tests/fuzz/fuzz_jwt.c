/* Access tokens (oauth/tokens.c): what a client sends as a Bearer token,
 * read by oauth_access_verify and token_peek (libjwt underneath). The first
 * byte picks the mode:
 *   even: the rest is the token as sent;
 *   odd:  the rest is "HEADER\nPAYLOAD" (JSON texts), which the target
 *         encodes and signs with the server's key (HMAC-SHA512, or
 *         HMAC-SHA256 when bit 1 is set), so the claims are read past the
 *         signature check as they would be for a token plaza issued.
 * Installs 1 (generation 0) and 2 (generation 3) are live; 3 is revoked.
 * Invariant: only an HS512 token, not a refresh token, of a live install
 * at its current generation, not expired, is accepted.
 * plaza verifies no Meeting SDK signature (it mints ZAKs, api/zak.c, that
 * clients never send back), so there is no SDK target. */
#include "core/clock.h"
#include "core/db.h"
#include "fuzz.h"
#include "market/market.h"
#include "oauth/oauth_internal.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

static size_t b64url(char *out, size_t size, const char *in, size_t n)
{
    if (sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING) > size)
        return 0;
    sodium_bin2base64(out, size, (const unsigned char *)in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return strlen(out);
}

/* "b64(header).b64(payload).b64(mac)" signed with the server's token key; 0 when it does not fit. */
static size_t sign(char *out, size_t size, const char *header, size_t hn, const char *payload, size_t pn, int sha256)
{
    size_t len = b64url(out, size, header, hn);
    if (!len || len + 2 >= size)
        return 0;
    out[len++] = '.';
    size_t p = b64url(out + len, size - len, payload, pn);
    if (!p || len + p + 2 >= size)
        return 0;
    len += p;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    const struct config *c = config();
    if (!HMAC(sha256 ? EVP_sha256() : EVP_sha512(), c->token_key, sizeof c->token_key, (unsigned char *)out, len, mac,
              &maclen))
        return 0;
    out[len++] = '.';
    size_t m = b64url(out + len, size - len, (const char *)mac, maclen);
    return m ? len + m : 0;
}

/* An empty store: a token of an install this process never published reads it there, and finds none. */
static struct db *db;

static void check(const char *token, size_t len, const char *header)
{
    struct oauth_access a;
    enum oauth_verdict v = oauth_access_verify(db, token, len, &a);
    FUZZ_ASSERT(v == OAUTH_TOKEN_OK || v == OAUTH_TOKEN_INVALID || v == OAUTH_TOKEN_EXPIRED);
    if (v == OAUTH_TOKEN_OK) {
        FUZZ_ASSERT(!a.refresh && a.install_id > 0 && a.generation == install_generation(a.install_id));
        FUZZ_ASSERT(a.exp > clock_now());
        FUZZ_ASSERT(strlen(a.client_id) < sizeof a.client_id && strlen(a.scopes) < sizeof a.scopes);
        if (header) { /* the token was accepted: it said HS512 */
            json_t *h = json_loads(header, JSON_DECODE_ANY, NULL);
            FUZZ_ASSERT(h && json_is_string(json_object_get(h, "alg")) && strcmp(json_string_value(json_object_get(h, "alg")), "HS512") == 0);
            json_decref(h);
        }
    }
    /* a second look is served by the per-thread cache: the same verdict */
    struct oauth_access b;
    FUZZ_ASSERT(oauth_access_verify(db, token, len, &b) == v);
    if (len < TOKEN_MAX) {
        char *copy = fuzz_strndup((const uint8_t *)token, len);
        struct oauth_access c;
        if (token_peek(copy, &c) == 0)
            FUZZ_ASSERT(c.install_id > 0 && c.exp > 0);
        free(copy);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static int published;
    if (!published) {
        FUZZ_ASSERT(db_open(&db, ":memory:") == DB_DONE && db_migrate(db) == DB_DONE);
        install_publish(1, 0);
        install_publish(2, 3);
        install_publish_revoked(3, 1);
        published = 1;
    }
    if (size < 1 || size > 2 * TOKEN_MAX)
        return 0;
    uint8_t mode = data[0];
    data++, size--;
    if (!(mode & 1)) {
        check((const char *)data, size, NULL);
        return 0;
    }
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl)
        return 0;
    char *header = fuzz_strndup(data, (size_t)(nl - data));
    size_t hn = (size_t)(nl - data), pn = size - hn - 1;
    char token[2 * TOKEN_MAX];
    size_t len = sign(token, sizeof token, header, hn, (const char *)nl + 1, pn, mode & 2);
    if (len)
        check(token, len, header);
    free(header);
    return 0;
}
