/* ZAKs, shaped like Zoom's: header {"typ","sv","zm_skm","alg"}, payload with
 * aud "clientsm", uid, iss "web", sk, sty, wcd, clt, mnum, exp, iat, aid, cid. */
#include "api/zak.h"
#include "core/clock.h"
#include "core/config.h"

#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zak_mint(const char *user_id, const char *account_id, int64_t meeting_id, int64_t ttl, char *out, size_t size)
{
    const struct config *c = config();
    jwt_t *jwt = NULL;
    if (jwt_new(&jwt) != 0)
        return -1;
    int64_t iat = clock_now();
    char mnum[24];
    snprintf(mnum, sizeof mnum, "%lld", (long long)meeting_id);
    int rc = jwt_set_alg(jwt, JWT_ALG_HS256, c->token_key, 32) | jwt_add_header(jwt, "sv", "000001") |
             jwt_add_header(jwt, "zm_skm", "zm_o2m") | jwt_add_grant(jwt, "aud", "clientsm") |
             jwt_add_grant(jwt, "uid", user_id) | jwt_add_grant(jwt, "iss", "web") | jwt_add_grant(jwt, "sk", "0") |
             jwt_add_grant_int(jwt, "sty", 1) | jwt_add_grant(jwt, "wcd", "us01") |
             jwt_add_grant_int(jwt, "clt", 0) | jwt_add_grant_int(jwt, "exp", iat + ttl) |
             jwt_add_grant_int(jwt, "iat", iat) | jwt_add_grant(jwt, "aid", account_id) |
             jwt_add_grant(jwt, "cid", "");
    if (rc == 0 && meeting_id)
        rc = jwt_add_grant(jwt, "mnum", mnum);
    char *s = rc == 0 ? jwt_encode_str(jwt) : NULL;
    jwt_free(jwt);
    if (!s)
        return -1;
    int ok = strlen(s) < size;
    if (ok)
        memcpy(out, s, strlen(s) + 1);
    free(s);
    return ok ? 0 : -1;
}

int zak_check(const char *zak, struct zak_claims *out)
{
    memset(out, 0, sizeof *out);
    jwt_t *jwt = NULL;
    if (!zak || strlen(zak) > 2048 || jwt_decode(&jwt, zak, config()->token_key, 32) != 0)
        return -1;
    int rc = -1;
    /* libjwt reads "alg" ignoring case; RFC 7515 §4.1.1 says it is case-sensitive */
    const char *alg = jwt_get_header(jwt, "alg"), *aud = jwt_get_grant(jwt, "aud");
    const char *uid = jwt_get_grant(jwt, "uid"), *aid = jwt_get_grant(jwt, "aid"), *mnum = jwt_get_grant(jwt, "mnum");
    out->exp = jwt_get_grant_int(jwt, "exp");
    if (jwt_get_alg(jwt) != JWT_ALG_HS256 || !alg || strcmp(alg, "HS256") != 0 || !aud ||
        strcmp(aud, "clientsm") != 0 || !uid || !*uid || strlen(uid) >= sizeof out->user_id || !aid ||
        strlen(aid) >= sizeof out->account_id || out->exp <= clock_now())
        goto out;
    snprintf(out->user_id, sizeof out->user_id, "%s", uid);
    snprintf(out->account_id, sizeof out->account_id, "%s", aid);
    out->meeting_id = mnum ? strtoll(mnum, NULL, 10) : 0;
    rc = 0;
out:
    jwt_free(jwt);
    return rc;
}
