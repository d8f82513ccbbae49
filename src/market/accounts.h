/* Accounts and their users (market/accounts.c): the people plaza knows, with
 * their plans and roles. Every domain module reads them; the Marketplace's
 * own lifecycle is in market.h, which includes this. */
#ifndef PLAZA_MARKET_ACCOUNTS_H
#define PLAZA_MARKET_ACCOUNTS_H

#include "core/err.h"
#include "core/ids.h"

#include <stdint.h>

struct db;

#define ACCOUNT_NAME_MAX 128
#define USER_EMAIL_MAX 254
#define USER_NAME_MAX 64
#define USER_EXTRA_MAX 4096

struct account {
    char id[ID_LEN];
    char name[ACCOUNT_NAME_MAX + 1];
    char plan[16]; /* free, pro, business, business_plus, enterprise */
    char rate_limits[8]; /* "zoom", "off", or "" to follow the server */
    int64_t created_at;
};

enum user_role { ROLE_OWNER, ROLE_ADMIN, ROLE_MEMBER };

enum plaza_role { PLAZA_REVIEWER, PLAZA_OPERATOR };

struct user {
    char id[ID_LEN], account_id[ID_LEN];
    char email[USER_EMAIL_MAX + 1];
    char first_name[USER_NAME_MAX + 1], last_name[USER_NAME_MAX + 1], display_name[2 * USER_NAME_MAX + 2];
    enum user_role role;
    int type; /* 1 basic, 2 licensed */
    int64_t pmi;
    char timezone[64], language[16], dept[USER_NAME_MAX + 1], job_title[129], location[129], phone_number[33];
    char status[16];
    int64_t created_at, last_login_at; /* last_login_at 0 when never */
    int has_password;
    char extra[USER_EXTRA_MAX]; /* further profile fields, a JSON object */
};

struct user_new {
    const char *email, *first_name, *last_name, *password, *timezone, *language;
    const char *role; /* "owner", "admin", "member"; NULL = member */
    const char *type; /* "basic", "licensed"; NULL = licensed */
};

struct account_new {
    const char *name, *plan; /* plan NULL = pro */
    struct user_new owner;
};

const char *user_role_name(enum user_role r);
int user_role_parse(const char *s, enum user_role *out); /* "owner", "admin", "member"; -1 otherwise */

int account_create(struct db *db, const struct account_new *in, struct account *out, struct user *owner,
                   struct perr *e);
int account_get(struct db *db, const char *id, struct account *out, struct perr *e);
/* 1 when the account is on a paid plan (anything but free), 0 when free, -1 with e. */
int account_paid(struct db *db, const char *id, struct perr *e);
/* What changes in an account: name, plan and/or rate-limit setting (NULL keeps; rate_limits "" clears). */
struct account_edit {
    const char *name, *plan, *rate_limits;
};
int account_update(struct db *db, const char *id, const struct account_edit *change, struct account *out,
                   struct perr *e);
/* Deletes the account and everything of it (users, apps, installs, tokens). */
int account_delete(struct db *db, const char *id, struct perr *e);
/* Accounts in id order after `after` (NULL = from the start), at most `max`. */
int account_list(struct db *db, const char *after, struct account *out, int max, int *n, struct perr *e);
/* Calls fn for every account with its own rate-limit setting ("zoom" or "off"), for http/ratelimit.c. */
int account_rate_limits_each(struct db *db, void (*fn)(const char *account_id, const char *mode, void *arg),
                             void *arg);

int user_create(struct db *db, const char *account_id, const struct user_new *in, struct user *out, struct perr *e);
/* By id or e-mail (any account). 1 found, 0 not, -1 error. */
int user_find(struct db *db, const char *id_or_email, struct user *out);
int user_owner_of(struct db *db, const char *account_id, struct user *out);
/* The user of the account whose chat JID local part (the id in lower case) is `local`. 1 found, 0 not, -1 error. */
int user_find_jid(struct db *db, const char *account_id, const char *local, struct user *out);
/* Which users to list: of an account, with ids after `after` (NULL: from the first) and `offset` more
 * skipped, with that status ("active", ...) and role ("owner", "admin", "member") when not NULL; in id order. */
struct user_filter {
    const char *account_id, *after;
    const char *status, *role;
    int64_t offset;
};
int user_list(struct db *db, const struct user_filter *f, struct user *out, int max, int *n, struct perr *e);
/* How many users the filter names (`after` ignored), or -1. */
int64_t user_count(struct db *db, const struct user_filter *f);
/* A number that changes whenever any user changes (for caches of users). */
uint64_t users_version(void);
int users_sync_subscribe(void); /* keeps the version in step with other nodes (core/sync.h) */

/* 1 when the e-mail and password match a user (argon2id), filling `out`. */
int user_check_password(struct db *db, const char *email, const char *password, struct user *out);
int user_touch_login(struct db *db, const char *user_id);
/* Writes the editable profile (names, type, pmi, timezone, language, dept,
 * job_title, location, phone_number, extra). A PMI in use is a conflict. */
int user_save(struct db *db, const struct user *u, struct perr *e);

#endif
