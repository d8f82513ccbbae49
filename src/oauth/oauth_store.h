/* The store of oauth/: authorization codes (auth_codes), refresh tokens
 * (refresh_tokens), consent-page sessions (sessions) and Data Compliance
 * calls (compliance). Only this file's functions touch those tables; codes,
 * tokens and sessions are known by their keyed hash. */
#ifndef PLAZA_OAUTH_STORE_H
#define PLAZA_OAUTH_STORE_H

#include "core/crypto.h"
#include "core/ids.h"
#include "market/market.h"
#include "oauth/oauth.h"

#include <stdint.h>

struct db;

/* ---- auth_codes ---------------------------------------------------------------- */

/* A code as stored; challenge and method NULL when the authorization request had no code_challenge. */
struct auth_code_new {
    const char *hash, *user_id, *client_id, *redirect_uri, *scopes, *challenge, *method;
    int64_t install_id, expires_at, created_at;
};

/* A code as read; challenge and method "" when there was no code_challenge. */
struct auth_code_row {
    int64_t install_id;
    char user_id[ID_LEN], client_id[ID_LEN], redirect_uri[URL_MAX + 1], scopes[SCOPES_STR_MAX];
    char challenge[129], method[8];
    int64_t expires_at;
    int used; /* the code was exchanged already */
};

int auth_code_store_insert(struct db *db, const struct auth_code_new *c);
/* 1 with *out filled, 0 when no code has that hash, -1 when the store failed. */
int auth_code_store_get(struct db *db, const char *hash, struct auth_code_row *out);
/* Marks the code used at `now`: 1 when this call did, 0 when it was used already, -1 when the store failed. */
int auth_code_store_use(struct db *db, const char *hash, int64_t now);

/* ---- refresh_tokens -------------------------------------------------------------- */

/* A refresh token as stored: `family` names the grant its rotations descend from. */
struct refresh_new {
    const char *hash, *family, *user_id, *client_id, *scopes;
    int64_t install_id, expires_at, created_at;
};

/* A refresh token as read. */
struct refresh_row {
    int64_t install_id;
    char family[CRYPTO_HASH_HEX], user_id[ID_LEN], client_id[ID_LEN], scopes[SCOPES_STR_MAX];
    int64_t expires_at;
    int rotated, revoked;
};

int refresh_store_insert(struct db *db, const struct refresh_new *r);
/* 1 with *out filled, 0 when no token has that hash, -1 when the store failed. */
int refresh_store_get(struct db *db, const char *hash, struct refresh_row *out);
/* The install and client of a refresh token: 1, 0 when unknown, -1 when the store failed. */
int refresh_store_owner(struct db *db, const char *hash, int64_t *install_id, char client_id[ID_LEN]);
/* Marks the token rotated at `now`: 1 when this call did, 0 when it was rotated or revoked already, -1 when
 * the store failed. */
int refresh_store_rotate(struct db *db, const char *hash, int64_t now);
/* Revokes every refresh token of the install not revoked yet (at `now`). 0, or -1. */
int refresh_store_revoke_install(struct db *db, int64_t install_id, int64_t now);

/* ---- sessions -------------------------------------------------------------------- */

/* Drops the sessions expired at `now`, then stores a new one. 0, or -1. */
int session_store_add(struct db *db, const char *hash, const char *user_id, const char *csrf, int64_t expires_at,
                      int64_t now);
/* The user and CSRF token of a session alive at `now`: 1, 0 when none, -1 when the store failed. */
int session_store_get(struct db *db, const char *hash, int64_t now, char user_id[ID_LEN], char *csrf,
                      size_t csrf_size);
void session_store_delete(struct db *db, const char *hash);
/* The session's expiry: 1 with *expires_at, 0 when unknown or expired, -1 failed. */
int session_store_expiry(struct db *db, const char *hash, int64_t now, int64_t *expires_at);

/* ---- signin_failures: failed sign-ins per e-mail address --------------------- */

/* The address's count of failures in a row and when the last was: 1, 0 none, -1 failed. */
int signin_store_get(struct db *db, const char *email, int *failures, int64_t *last_at);
int signin_store_fail(struct db *db, const char *email, int64_t now);
int signin_store_clear(struct db *db, const char *email);

/* ---- access_tokens: users' personal access tokens ------------------------------ */

int pat_store_insert(struct db *db, const struct access_token_row *t, const char *hash);
/* The token with that keyed hash: 1 filled, 0 unknown, -1 failed. */
int pat_store_by_hash(struct db *db, const char *hash, struct access_token_row *out);
/* The user's tokens, oldest first, at most `max`. */
int pat_store_list(struct db *db, const char *user_id, struct access_token_row *out, int max, int *n);
/* 1 deleted, 0 the user has no such token, -1 failed. */
/* How many tokens the user has, or -1. */
int pat_store_count(struct db *db, const char *user_id);
int pat_store_delete(struct db *db, const char *user_id, const char *id);
void pat_store_touch(struct db *db, const char *id, int64_t now);

/* ---- compliance ------------------------------------------------------------------ */

struct compliance_row {
    const char *app_id, *client_id, *account_id, *user_id, *body;
    int completed;
    int64_t received_at;
};

/* Records a Data Compliance call: its id, or 0 when the store failed. */
int64_t compliance_store_insert(struct db *db, const struct compliance_row *c);

#endif
