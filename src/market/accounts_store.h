/* The store of accounts and the people in them: the accounts, users,
 * marketplace_permissions and reviewers tables. Only market/accounts_store.c
 * reads or writes them. Lookups return 1 found, 0 not, -1 when the store
 * failed; the rest 0 done, -1 failed, unless said otherwise. */
#ifndef PLAZA_ACCOUNTS_STORE_H
#define PLAZA_ACCOUNTS_STORE_H

#include "market/market.h"

struct db;

/* ---- accounts ---------------------------------------------------------------- */

int account_store_insert(struct db *db, const struct account *a);
int account_store_get(struct db *db, const char *id, struct account *out);
/* Accounts in id order after `after` ("" = from the start), at most `max`. */
int account_store_list(struct db *db, const char *after, struct account *out, int max, int *n);
/* NULL name or plan keeps it; rate_limits NULL keeps it, "" clears it. */
int account_store_update(struct db *db, const char *id, const char *name, const char *plan, const char *rate_limits);
int account_store_delete(struct db *db, const char *id);
/* Calls fn for every account with its own rate-limit setting ("zoom" or "off"). */
int account_store_rate_limits(struct db *db, void (*fn)(const char *account_id, const char *mode, void *arg),
                              void *arg);

/* ---- users ------------------------------------------------------------------- */

/* Stores u (its pmi, times and all) with `password_hash` (NULL: none): 0,
 * 1 when a unique column (e-mail, pmi) is already taken, -1 on failure. */
int user_store_insert(struct db *db, const struct user *u, const char *password_hash);
int user_store_by_id(struct db *db, const char *id, struct user *out);
int user_store_by_email(struct db *db, const char *email, struct user *out); /* email in lower case */
/* The user of the account whose id in lower case is `lower_id`. */
int user_store_by_lower_id(struct db *db, const char *account_id, const char *lower_id, struct user *out);
int user_store_owner_of(struct db *db, const char *account_id, struct user *out);
/* The account's owner and admins (the owner first), at most max: 0 with *n set, or -1. */
int user_store_managers(struct db *db, const char *account_id, struct user *out, int max, int *n);
struct user_store_filter {
    const char *account_id, *after; /* after: ids after it ("" or NULL: from the first) */
    const char *status, *role;      /* NULL: any */
    int64_t offset;                 /* rows skipped after `after` */
};
int user_store_list(struct db *db, const struct user_store_filter *f, struct user *out, int max, int *n);
/* The number of the filter's users (after ignored), or -1. */
int64_t user_store_count(struct db *db, const struct user_store_filter *f);
/* The user with `email` who has a password, and its argon2id hash. */
int user_store_with_password(struct db *db, const char *email, struct user *out, char hash[CRYPTO_PASSWORD_HASH]);
int user_store_touch_login(struct db *db, const char *user_id, int64_t at);
/* Writes the editable profile: 0, 1 when its pmi is another user's, -1 on failure. */
int user_store_save(struct db *db, const struct user *u);

/* ---- the Marketplace permissions role ---------------------------------------- */

int permission_store_has(struct db *db, const char *account_id, const char *user_id);
/* Granting twice keeps the first grant. */
int permission_store_grant(struct db *db, const char *account_id, const char *user_id, const char *granted_by,
                           int64_t at);
/* 1 removed, 0 the user did not have it, -1 failed. */
int permission_store_revoke(struct db *db, const char *account_id, const char *user_id);
/* The account's holders' user ids, oldest grant first, at most `max`. */
int permission_store_list(struct db *db, const char *account_id, char (*user_ids)[ID_LEN], int max, int *n);

/* ---- reviewers and operators (plaza-wide roles) ------------------------------------- */

int role_store_has(struct db *db, enum plaza_role role, const char *user_id);
/* Adding twice keeps the first. */
int role_store_add(struct db *db, enum plaza_role role, const char *user_id, int64_t at);
int role_store_remove(struct db *db, enum plaza_role role, const char *user_id);
/* The role's holders' user ids, first added first, at most `max`. */
int role_store_list(struct db *db, enum plaza_role role, char (*user_ids)[ID_LEN], int max, int *n);

#endif
