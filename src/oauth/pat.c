/* Personal access tokens: what a person's scripts and the CLI (`plaza login`)
 * send as `Authorization: Bearer plz_…` to act as that person on the control
 * API. The token is shown once; the store keeps its keyed hash. */
#include "core/clock.h"
#include "oauth/oauth_internal.h"
#include "oauth/oauth_store.h"

#include <string.h>

int pat_create(struct db *db, const struct user *u, const char *name, struct access_token_row *out,
               char token[PAT_TOKEN_LEN], struct perr *e)
{
    if (!name || !name[0] || strlen(name) > PAT_NAME_MAX)
        return perr_field(e, "name", "is required: 1 to %d characters", PAT_NAME_MAX);
    int n = pat_store_count(db, u->id);
    if (n < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the tokens failed.");
    if (n >= PAT_MAX_PER_USER)
        return perr_field(e, "name", "a user has at most %d tokens; revoke one first", PAT_MAX_PER_USER);
    memset(out, 0, sizeof *out);
    ids_new(out->id);
    memcpy(out->user_id, u->id, sizeof out->user_id);
    strcpy(out->name, name);
    out->created_at = clock_now();
    memcpy(token, PAT_PREFIX, sizeof PAT_PREFIX - 1);
    crypto_token(token + sizeof PAT_PREFIX - 1, PAT_TOKEN_LEN - (sizeof PAT_PREFIX - 1), 32);
    char hash[CRYPTO_HASH_HEX];
    secret_hash(token, hash);
    if (pat_store_insert(db, out, hash) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the token failed.");
    return 0;
}

int pat_list(struct db *db, const char *user_id, struct access_token_row *out, int max, int *n, struct perr *e)
{
    return pat_store_list(db, user_id, out, max, n) == 0 ? 0 : perr_set(e, PERR_INTERNAL, "Reading the tokens failed.");
}

int pat_revoke(struct db *db, const char *user_id, const char *id, struct perr *e)
{
    int rc = pat_store_delete(db, user_id, id);
    if (rc < 0)
        return perr_set(e, PERR_INTERNAL, "Revoking the token failed.");
    return rc == 0 ? perr_set(e, PERR_NOT_FOUND, "No token %.40s.", id) : 0;
}

int pat_verify(struct db *db, const char *token, size_t n, struct user *u)
{
    if (n != PAT_TOKEN_LEN - 1 || strncmp(token, PAT_PREFIX, sizeof PAT_PREFIX - 1) != 0)
        return 0;
    char copy[PAT_TOKEN_LEN], hash[CRYPTO_HASH_HEX];
    memcpy(copy, token, n);
    copy[n] = '\0';
    secret_hash(copy, hash); /* looked up by keyed hash: the store never compares the token itself */
    struct access_token_row t;
    if (pat_store_by_hash(db, hash, &t) != 1 || user_find(db, t.user_id, u) != 1)
        return 0;
    pat_store_touch(db, t.id, clock_now());
    return 1;
}
