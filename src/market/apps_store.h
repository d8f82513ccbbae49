/* The store of apps: the apps table and the OAuth side of an app (its
 * credentials, redirect URLs and allow lists, scopes). Every statement on
 * these tables is here; rows come back as market.h's structs. Functions that
 * look one row up return 1 (found, out filled), 0 (none) or -1 (store error);
 * writes return DB_DONE, DB_CONSTRAINT or DB_ERROR (core/db.h). */
#ifndef PLAZA_APPS_STORE_H
#define PLAZA_APPS_STORE_H

#include "market/market.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* ---- apps -------------------------------------------------------------------- */

int app_store_get(struct db *db, const char *id, struct app *out);
/* The ids of the account's apps after `after` (""), in order, at most max: 0 with *n set, or -1. */
int app_store_ids_of_account(struct db *db, const char *account_id, const char *after, char (*ids)[ID_LEN], int max,
                             int *n);
/* Apps by id after f->after (NULL: from the first), at most max; f->account_id and f->status filter when not
 * NULL. 0 or -1. */
int app_store_list(struct db *db, const struct app_filter *f, struct app *out, int max, int *n);
/* 1 when an app other than `except_id` has the name key (lower-case name); 0 otherwise, a failed read included. */
int app_store_name_taken(struct db *db, const char *name_key, const char *except_id);
/* The ids of published apps (a live version) after `after` (""), in order, at most max: 0 with *n set, or -1. */
int app_store_published_ids(struct db *db, const char *after, char (*ids)[ID_LEN], int max, int *n);
/* A new app from `a` (published 0, versions as the schema starts them). */
int app_store_insert(struct db *db, const struct app *a, const char *name_key);
/* Who created the app (a signed-in user; none when the operator did): set once, read by the access rules. */
int app_store_set_creator(struct db *db, const char *id, const char *user_id);
/* 1 with the creator's id, 0 when the operator created it, -1 failed. */
int app_store_creator(struct db *db, const char *id, char out[ID_LEN]);

/* An update of an app's settings: NULL name (and name_key), or -1 flags, keep the stored value. */
struct app_change {
    const char *name, *name_key;
    enum app_mgmt management;
    int strict_mode, subdomain_check;
    int64_t updated_at;
};
int app_store_update(struct db *db, const char *id, const struct app_change *c);
int app_store_delete(struct db *db, const char *id);
int app_store_touch(struct db *db, const char *id, int64_t now); /* updated_at = now */
/* Moves the app from status `from` to `to`: 1 when it was in `from` (and moved), 0 when not, -1 on error. */
int app_store_move(struct db *db, const char *id, const char *from, const char *to, int64_t now);
/* A published app becomes a draft of its next version: that version, 0 when
 * the app was not published or the store failed. */
int app_store_open_version(struct db *db, const char *id, int64_t now);
/* The version goes live: live_version = version, published. */
int app_store_publish(struct db *db, const char *id, int version);
/* The version being worked on; 0 when there is no such app or the store failed. */
int app_store_version(struct db *db, const char *id);
/* The app's revision: 0 when there is no such app, -1 when the store failed. */
int64_t app_store_revision(struct db *db, const char *id);
/* Moves the revision on when `expected` is 0 or the current one (one statement, so two nodes cannot both
 * take the same revision): the new revision, 0 when it was not moved (no such app, or another revision), -1
 * when the store failed. */
int64_t app_store_bump_revision(struct db *db, const char *id, int64_t expected);
/* Moves the revision back from `revision`, unless it has moved on since. */
void app_store_unbump_revision(struct db *db, const char *id, int64_t revision);
/* The app's domain verification code into code (48 bytes; "" when none yet or on error). */
void app_store_verification_code(struct db *db, const char *id, char code[48]);
/* Sets the code to `fresh` unless the app already has one. */
int app_store_offer_verification_code(struct db *db, const char *id, const char *fresh);

/* ---- credentials --------------------------------------------------------------- */

/* The app whose credentials have `client_id`, and their environment. */
int credential_store_app(struct db *db, const char *client_id, struct app *out, enum app_env *env);
/* The app's credentials by environment, at most max. 0 or -1. */
int credential_store_list(struct db *db, const char *app_id, struct credential *out, int max, int *n);
/* The environment's credentials of the app: *secret_issued 1 when a secret was issued. */
int credential_store_find(struct db *db, const char *app_id, enum app_env env, int *secret_issued);
/* The environment's client id of the app: 1 found (in out, ID_LEN bytes), 0 none, -1 failed. */
int credential_store_client_id(struct db *db, const char *app_id, enum app_env env, char *out);
/* The secret's keyed hash (CRYPTO_HASH_HEX bytes) of `client_id`: 1 found, 0 not or on error. */
int credential_store_secret_hash(struct db *db, const char *client_id, char *hash);
/* secret_hash "" reserves the client id without a secret. */
int credential_store_insert(struct db *db, const char *app_id, enum app_env env, const char *client_id,
                            const char *secret_hash, const char *sealed, int64_t created_at);
/* A new secret hash, rotated at `now`: 1 with out filled, 0 when the environment has no credentials, -1 on error. */
int credential_store_rotate(struct db *db, const char *app_id, enum app_env env, const char *secret_hash,
                            const char *sealed, int64_t now,
                            struct credential *out);
int credential_store_set_secret(struct db *db, const char *app_id, enum app_env env, const char *secret_hash,
                               const char *sealed);
/* The secret of `client_id` sealed with the seal key (crypto_seal), "" when it was made before secrets were
 * sealed or none was issued: 1 found, 0 no such client id, -1 on error. */
int credential_store_sealed(struct db *db, const char *client_id, char *sealed, size_t size);

/* ---- redirect URLs and allow lists ------------------------------------------------ */

/* Both environments' redirect URL and allow list, into urls[enum app_env]. 0 or -1. */
int app_url_store_list(struct db *db, const char *app_id, struct app_urls urls[2]);
/* The environment's redirect URL into out (URL_MAX + 1; "" when none). 0 or -1. */
int app_url_store_redirect(struct db *db, const char *app_id, enum app_env env, char *out);
/* The environment's URLs a redirect may go to (redirect URL first, then the
 * allow list in order), at most max: how many were read. */
int app_url_store_targets(struct db *db, const char *app_id, enum app_env env, char (*out)[URL_MAX + 1], int max);
/* Replaces the environment's redirect URL; and its allow list with urls[0..n). 0 or -1. */
int app_url_store_set_redirect(struct db *db, const char *app_id, enum app_env env, const char *url);
int app_url_store_set_allow(struct db *db, const char *app_id, enum app_env env, const char *const *urls, int n);

/* ---- scopes ---------------------------------------------------------------------- */

/* The app's scopes with their descriptions in scope order, at most max. 0 or -1. */
int app_scope_store_list(struct db *db, const char *app_id, struct app_scope *out, int max, int *n);
/* The app's scopes space-separated in scope order, as many as fit in size. 0 or -1. */
int app_scope_store_names(struct db *db, const char *app_id, char *out, size_t size);
/* Replaces the app's scopes with scopes[0..n); a scope that stays keeps its
 * description when descriptions[i] is NULL (new ones get ""). with_bot adds
 * imchat:bot when it is not among them. 0 or -1. */
int app_scope_store_replace(struct db *db, const char *app_id, const char *const *scopes,
                            const char *const *descriptions, int n, int with_bot);

#endif
