/* Access and refresh tokens, shaped like Zoom's (zoom-wire §1.5): HS512 JWS
 * with header {"sv","alg","v","kid"} and Zoom's 2023+ claims. plaza adds two
 * claims of its own, `iid` (the install) and `scp` (the granted scopes), so
 * that checking a token needs no store access: signature, expiry on the
 * virtual clock, and the install's generation (`gno`) from memory. Encoding
 * and verification are libjwt's. */
#include "core/clock.h"
#include "core/config.h"
#include "core/tcache.h"
#include "oauth/oauth_internal.h"

#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_VERSION 10
#define TOKEN_AUDIENCE "https://oauth.zoom.us"

void secret_hash(const char *secret, char out[CRYPTO_HASH_HEX])
{
    crypto_secret_hash(config()->hash_key, secret, strlen(secret), out);
}

static jwt_t *token_new(void)
{
    const struct config *c = config();
    jwt_t *jwt = NULL;
    if (jwt_new(&jwt) != 0)
        return NULL;
    if (jwt_set_alg(jwt, JWT_ALG_HS512, c->token_key, sizeof c->token_key) != 0 ||
        jwt_add_header(jwt, "sv", "000001") != 0 || jwt_add_header(jwt, "v", "2.0") != 0 ||
        jwt_add_header(jwt, "kid", c->token_kid) != 0) {
        jwt_free(jwt);
        return NULL;
    }
    return jwt;
}

static int token_finish(jwt_t *jwt, char out[TOKEN_MAX])
{
    char *s = jwt_encode_str(jwt);
    jwt_free(jwt);
    if (!s)
        return -1;
    int ok = strlen(s) < TOKEN_MAX;
    if (ok)
        memcpy(out, s, strlen(s) + 1);
    free(s); /* libjwt 1.10 allocates with the default allocator */
    return ok ? 0 : -1;
}

/* `auid` is opaque in Zoom's tokens; plaza derives it from the install. */
static void auid_of(int64_t install_id, char out[33])
{
    char buf[32], hex[CRYPTO_HASH_HEX];
    snprintf(buf, sizeof buf, "install:%lld", (long long)install_id);
    secret_hash(buf, hex);
    memcpy(out, hex, 32);
    out[32] = '\0';
}

static int add_common(jwt_t *jwt, const struct token_subject *s, int64_t iat, int64_t exp)
{
    const struct install *ins = s->ins;
    const char *client_id = s->client_id, *user_id = s->user_id, *grant_id = s->grant_id;
    enum token_type type = s->type;
    char iss[64], auid[33];
    snprintf(iss, sizeof iss, "zm:cid:%s", client_id);
    auid_of(ins->id, auid);
    return jwt_add_grant(jwt, "aud", TOKEN_AUDIENCE) | jwt_add_grant(jwt, "uid", user_id) |
           jwt_add_grant_int(jwt, "ver", TOKEN_VERSION) | jwt_add_grant(jwt, "auid", auid) |
           jwt_add_grant_int(jwt, "nbf", iat) | jwt_add_grant(jwt, "code", grant_id) |
           jwt_add_grant(jwt, "iss", iss) | jwt_add_grant_int(jwt, "gno", ins->generation) |
           jwt_add_grant_int(jwt, "exp", exp) | jwt_add_grant_int(jwt, "type", type) |
           jwt_add_grant_int(jwt, "iat", iat) | jwt_add_grant(jwt, "aid", ins->account_id) |
           jwt_add_grant_int(jwt, "iid", ins->id);
}

int token_mint_access(const struct token_subject *subject, const char *scopes, char out[TOKEN_MAX])
{
    jwt_t *jwt = token_new();
    if (!jwt)
        return -1;
    int64_t iat = clock_now();
    if (add_common(jwt, subject, iat, iat + ACCESS_TOKEN_TTL_S) != 0 ||
        jwt_add_grant(jwt, "scp", scopes) != 0) {
        jwt_free(jwt);
        return -1;
    }
    return token_finish(jwt, out);
}

int token_mint_refresh(const struct install *ins, const char *client_id, const char *user_id, const char *grant_id,
                       char out[TOKEN_MAX], char hash[CRYPTO_HASH_HEX])
{
    jwt_t *jwt = token_new();
    if (!jwt)
        return -1;
    char jti[44];
    crypto_token(jti, sizeof jti, 32); /* what makes it unguessable; the store keeps only its hash */
    int64_t iat = clock_now();
    struct token_subject subject = {ins, client_id, user_id, TOKEN_USER, grant_id};
    if (add_common(jwt, &subject, iat, iat + config()->refresh_ttl_s) != 0 ||
        jwt_add_grant(jwt, "jti", jti) != 0) {
        jwt_free(jwt);
        return -1;
    }
    if (token_finish(jwt, out) != 0)
        return -1;
    secret_hash(out, hash);
    return 0;
}

static void copy_grant(jwt_t *jwt, const char *name, char *dst, size_t size)
{
    const char *v = jwt_get_grant(jwt, name);
    snprintf(dst, size, "%s", v ? v : "");
}

int token_peek(const char *token, struct oauth_access *out)
{
    const struct config *c = config();
    jwt_t *jwt = NULL;
    memset(out, 0, sizeof *out);
    if (jwt_decode(&jwt, token, c->token_key, sizeof c->token_key) != 0)
        return -1;
    int rc = -1;
    /* libjwt reads "alg" ignoring case; RFC 7515 §4.1.1 says it is case-sensitive */
    const char *alg = jwt_get_header(jwt, "alg");
    if (jwt_get_alg(jwt) != JWT_ALG_HS512 || !alg || strcmp(alg, "HS512") != 0)
        goto out;
    const char *iss = jwt_get_grant(jwt, "iss");
    if (!iss || strncmp(iss, "zm:cid:", 7) != 0)
        goto out;
    snprintf(out->client_id, sizeof out->client_id, "%s", iss + 7);
    copy_grant(jwt, "uid", out->user_id, sizeof out->user_id);
    copy_grant(jwt, "aid", out->account_id, sizeof out->account_id);
    copy_grant(jwt, "scp", out->scopes, sizeof out->scopes);
    out->install_id = jwt_get_grant_int(jwt, "iid");
    out->generation = (uint32_t)jwt_get_grant_int(jwt, "gno");
    out->type = (enum token_type)jwt_get_grant_int(jwt, "type");
    out->iat = jwt_get_grant_int(jwt, "iat");
    out->exp = jwt_get_grant_int(jwt, "exp");
    out->refresh = jwt_get_grant(jwt, "jti") != NULL;
    rc = out->install_id > 0 && out->exp > 0 ? 0 : -1;
out:
    jwt_free(jwt);
    return rc;
}

/* What the per-thread cache keeps of a verified token: its claims. */
struct cached_claims {
    char client_id[ID_LEN], user_id[ID_LEN], account_id[ID_LEN];
    int64_t install_id, iat, exp;
    uint32_t generation;
    int type, refresh;
    /* followed by the scopes, NUL-terminated */
};

/* A token's claims from this thread's cache of tokens whose signature was
 * already verified; 1 on a hit. Revocation and expiry are checked on every
 * use regardless. */
static int cached(const char *token, size_t len, struct oauth_access *out)
{
    size_t vlen;
    const char *v = tcache_get(TCACHE_TOKENS, token, len, 0, &vlen);
    struct cached_claims c;
    if (!v || vlen <= sizeof c)
        return 0;
    memcpy(&c, v, sizeof c); /* cached bytes carry no alignment */
    memcpy(out->client_id, c.client_id, sizeof c.client_id);
    memcpy(out->user_id, c.user_id, sizeof c.user_id);
    memcpy(out->account_id, c.account_id, sizeof c.account_id);
    out->install_id = c.install_id;
    out->iat = c.iat;
    out->exp = c.exp;
    out->generation = c.generation;
    out->type = (enum token_type)c.type;
    out->refresh = c.refresh;
    snprintf(out->scopes, sizeof out->scopes, "%s", v + sizeof c);
    return 1;
}

static void remember(const char *token, size_t len, const struct oauth_access *a)
{
    size_t slen = strlen(a->scopes);
    char buf[TCACHE_VALUE_MAX];
    struct cached_claims c;
    if (sizeof c + slen + 1 > sizeof buf)
        return;
    memset(&c, 0, sizeof c);
    memcpy(c.client_id, a->client_id, sizeof c.client_id);
    memcpy(c.user_id, a->user_id, sizeof c.user_id);
    memcpy(c.account_id, a->account_id, sizeof c.account_id);
    c.install_id = a->install_id;
    c.iat = a->iat;
    c.exp = a->exp;
    c.generation = a->generation;
    c.type = a->type;
    c.refresh = a->refresh;
    memcpy(buf, &c, sizeof c);
    memcpy(buf + sizeof c, a->scopes, slen + 1);
    tcache_put(TCACHE_TOKENS, token, len, 0, buf, sizeof c + slen + 1);
}

enum oauth_verdict oauth_access_verify(struct db *db, const char *token, size_t len, struct oauth_access *out)
{
    char buf[TOKEN_MAX];
    if (len == 0 || len >= sizeof buf)
        return OAUTH_TOKEN_INVALID;
    if (!cached(token, len, out)) {
        memcpy(buf, token, len);
        buf[len] = '\0';
        if (token_peek(buf, out) != 0)
            return OAUTH_TOKEN_INVALID;
        remember(token, len, out);
    }
    if (out->refresh) /* a refresh token is no access token */
        return OAUTH_TOKEN_INVALID;
    if (!install_token_current(db, out->install_id, out->generation))
        return OAUTH_TOKEN_INVALID;
    if (clock_now() >= out->exp)
        return OAUTH_TOKEN_EXPIRED;
    return OAUTH_TOKEN_OK;
}
