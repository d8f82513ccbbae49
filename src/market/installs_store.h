/* The store of installs and of who may install what: the installs,
 * account_app_policies and preapproved_apps tables. Only
 * market/installs_store.c reads or writes them. Lookups return 1 found,
 * 0 not, -1 when the store failed; the rest 0 done, -1 failed, unless said
 * otherwise. */
#ifndef PLAZA_INSTALLS_STORE_H
#define PLAZA_INSTALLS_STORE_H

#include "market/market.h"

struct db;

/* ---- installs ---------------------------------------------------------------- */

/* An install's generation and whether it is revoked. */
int install_store_state(struct db *db, int64_t id, uint32_t *generation, int *revoked);
/* Calls fn with every install's id, generation and revocation. */
int install_store_each_state(struct db *db, void (*fn)(int64_t id, uint32_t generation, int revoked, void *arg),
                             void *arg);
/* Calls fn with the id of every install of the app. */
int install_store_each_of_app(struct db *db, const char *app_id, void (*fn)(int64_t id, void *arg), void *arg);
/* The ids of the apps with an active install in the account, after `after` (""), in order, at most max:
 * 0 with *n set, or -1. */
int install_store_active_app_ids(struct db *db, const char *account_id, const char *after, char (*ids)[ID_LEN],
                                 int max, int *n);
/* Calls fn with the id of each install made in the account. 0 or -1. */
int install_store_each_of_account(struct db *db, const char *account_id, void (*fn)(int64_t id, void *arg),
                                  void *arg);

int install_store_find(struct db *db, const char *app_id, enum app_env env, const char *account_id,
                       const char *user_id, struct install *out);
int install_store_get(struct db *db, int64_t id, struct install *out);
/* An install as install_upsert makes it, at `at`. */
struct install_new {
    const char *app_id;
    enum app_env env;
    const char *account_id, *user_id, *installed_by, *scopes;
    int64_t at;
};
/* Creates the install or, when (app, env, account, user) has one, gives it
 * the new installed_by and scopes, active again with a new generation if it
 * was revoked. The stored row into out. */
int install_store_upsert(struct db *db, const struct install_new *in, struct install *out);
/* The next generation, updated at `at`; its number and revocation after. */
int install_store_bump(struct db *db, int64_t id, int64_t at, uint32_t *generation, int *revoked);
/* Revoked at `at` (or when it was first), with the next generation. */
int install_store_revoke(struct db *db, int64_t id, int64_t at, uint32_t *generation);

/* At most `max` installs in id order (struct install_filter: market.h). */
int install_store_list(struct db *db, const struct install_filter *f, struct install *out, int max, int *n);

/* 1 when the account has an active install of the app's development
 * credentials made through a private share. */
int install_store_shared_active(struct db *db, const char *app_id, const char *account_id);
/* Records the app version and, unless already known, the way (own, shared, published) of an install. */
int install_store_note(struct db *db, int64_t id, int app_version, const char *via);
/* The app's installs in id order, at most `max`, with version and way (reauthorization_required left 0). */
int install_store_list_app(struct db *db, const char *app_id, struct market_install *out, int max, int *n);

/* ---- pre-approval ------------------------------------------------------------ */

/* 1 when the account requires pre-approval of apps, 0 when not (or the store failed). */
int app_policy_store_requires_preapproval(struct db *db, const char *account_id);
int app_policy_store_set(struct db *db, const char *account_id, int require, const char *updated_by, int64_t at);

int preapproval_store_has(struct db *db, const char *account_id, const char *app_id);
/* How many apps the account pre-approved, 0 when the store failed. */
int preapproval_store_count(struct db *db, const char *account_id);
/* Pre-approving twice keeps the first. */
int preapproval_store_add(struct db *db, const char *account_id, const char *app_id, const char *approved_by,
                          int64_t at);
int preapproval_store_remove(struct db *db, const char *account_id, const char *app_id);
/* The account's pre-approved app ids, oldest first, at most `max`. */
int preapproval_store_list(struct db *db, const char *account_id, char (*app_ids)[ID_LEN], int max, int *n);

#endif
