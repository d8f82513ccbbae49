/* The Marketplace's domain: accounts and their users, apps with their
 * credentials, redirect URLs and scopes, and installs (an app authorized by a
 * user or an account). Plain structs in, plain structs out, a struct perr on
 * failure; nothing here knows HTTP. */
#ifndef PLAZA_MARKET_H
#define PLAZA_MARKET_H

#include "core/crypto.h"
#include "core/err.h"
#include "core/ids.h"
#include "market/urls.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* ---- scopes (market/scopes.c) ---------------------------------------------- */

const char *scope_words(const char *scope); /* NULL when plaza does not know the scope */
int scope_is_admin(const char *scope);      /* has an ":admin" part */
size_t scope_count(void);
const char *scope_name(size_t i);
int scopes_contain(const char *space_separated, const char *scope);

/* ---- accounts and users (market/accounts.c) -------------------------------- */

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

int account_create(struct db *db, const struct account_new *in, struct account *out, struct user *owner,
                   struct perr *e);
int account_get(struct db *db, const char *id, struct account *out, struct perr *e);
/* Changes name, plan and/or rate-limit setting (NULL keeps; rate_limits "" clears). */
int account_update(struct db *db, const char *id, const char *name, const char *plan, const char *rate_limits,
                   struct account *out, struct perr *e);
/* Deletes the account and everything of it (users, apps, installs, tokens). */
int account_delete(struct db *db, const char *id, struct perr *e);
/* Accounts in id order after `after` (NULL = from the start), at most `max`. */
int account_list(struct db *db, const char *after, struct account *out, int max, int *n, struct perr *e);

int user_create(struct db *db, const char *account_id, const struct user_new *in, struct user *out, struct perr *e);
/* By id or e-mail (any account). 1 found, 0 not, -1 error. */
int user_find(struct db *db, const char *id_or_email, struct user *out);
int user_owner_of(struct db *db, const char *account_id, struct user *out);
int user_list(struct db *db, const char *account_id, const char *after, struct user *out, int max, int *n,
              struct perr *e);
/* A number that changes whenever any user changes (for caches of users). */
uint64_t users_version(void);

/* 1 when the e-mail and password match a user (argon2id), filling `out`. */
int user_check_password(struct db *db, const char *email, const char *password, struct user *out);
int user_touch_login(struct db *db, const char *user_id);
/* Writes the editable profile (names, type, pmi, timezone, language, dept,
 * job_title, location, phone_number, extra). A PMI in use is a conflict. */
int user_save(struct db *db, const struct user *u, struct perr *e);

/* ---- apps and credentials (market/apps.c) ---------------------------------- */

#define APP_NAME_MAX 80
#define APP_MAX_URLS 20
#define APP_MAX_SCOPES 128
#define SCOPE_MAX 64
#define SCOPE_DESC_MAX 512
#define SCOPES_STR_MAX (APP_MAX_SCOPES * (SCOPE_MAX + 1))
#define SECRET_LEN 33 /* 32 characters and a NUL */

enum app_type { APP_OAUTH, APP_S2S, APP_WEBHOOK, APP_CHATBOT };
enum app_mgmt { MGMT_USER, MGMT_ADMIN };
enum app_env { ENV_DEVELOPMENT, ENV_PRODUCTION };

const char *app_type_name(enum app_type t);
const char *app_mgmt_name(enum app_mgmt m);
const char *app_env_name(enum app_env e);
int app_env_parse(const char *s, enum app_env *out);

struct app {
    char id[ID_LEN], account_id[ID_LEN];
    char name[APP_NAME_MAX + 1];
    enum app_type type;
    enum app_mgmt management;
    char status[16];
    int published;
    int strict_mode, subdomain_check;
    int64_t created_at, updated_at;
};

struct credential {
    enum app_env env;
    char client_id[ID_LEN];
    int64_t created_at, rotated_at; /* rotated_at 0 when never */
};

struct app_scope {
    char scope[SCOPE_MAX + 1];
    char description[SCOPE_DESC_MAX + 1];
};

struct app_urls {
    char redirect_url[URL_MAX + 1]; /* "" when none */
    int nallow;
    char allow[APP_MAX_URLS][URL_MAX + 1];
};

/* Everything the control API shows of an app. Large: allocate it. */
struct app_details {
    struct app app;
    int ncreds;
    struct credential creds[2];
    struct app_urls urls[2]; /* by enum app_env */
    int nscopes;
    struct app_scope scopes[APP_MAX_SCOPES];
};

/* An app's new or changed settings. NULL / -1 / has_* = 0 mean "not given". */
struct app_input {
    const char *account_id, *name, *type, *management;
    const char *redirect_url; /* development */
    int has_allow_list, nallow;
    const char *allow_list[APP_MAX_URLS];
    int has_scopes, nscopes;
    const char *scopes[APP_MAX_SCOPES];
    const char *scope_descriptions[APP_MAX_SCOPES]; /* NULL = keep or none */
    int strict_mode, subdomain_check;               /* -1 = not given */
};

/* Creates the app with development credentials; the secret is returned once. */
int app_create(struct db *db, const struct app_input *in, struct app_details *out, char secret[SECRET_LEN],
               struct perr *e);
int app_update(struct db *db, const char *id, const struct app_input *in, struct app_details *out, struct perr *e);
int app_get(struct db *db, const char *id, struct app *out, struct perr *e);
int app_details(struct db *db, const char *id, struct app_details *out, struct perr *e);
int app_list(struct db *db, const char *account_id, const char *after, struct app *out, int max, int *n,
             struct perr *e);
int app_delete(struct db *db, const char *id, struct perr *e);
/* New secret for the environment's credentials; the old one stops working. */
int app_rotate_secret(struct db *db, const char *id, enum app_env env, char secret[SECRET_LEN], struct credential *out,
                      struct perr *e);
/* Sets a known secret: only for seeded demo apps, whose secret is derived
 * from the store's key so that it survives restarts. */
int app_set_secret(struct db *db, const char *id, enum app_env env, const char *secret, struct perr *e);

/* The app and environment of a client id. 1 found, 0 not, -1 error. */
int app_by_client_id(struct db *db, const char *client_id, struct app *out, enum app_env *env);
/* 1 when `secret` is the client id's current secret (keyed hash, constant time). */
int app_check_secret(struct db *db, const char *client_id, const char *secret);
/* 1 when redirect_uri is allowed for the app in env (market/urls.h rules). */
int app_redirect_allowed(struct db *db, const struct app *app, enum app_env env, const char *redirect_uri);
/* The app's redirect URL for env, or "" (out holds URL_MAX + 1). */
int app_redirect_url(struct db *db, const struct app *app, enum app_env env, char *out);
/* The app's registered scopes, space-separated (out holds SCOPES_STR_MAX). */
int app_scopes(struct db *db, const char *app_id, char *out, size_t size);

/* ---- installs (market/installs.c) ------------------------------------------ */

/* An install: an app authorized for one user (user-managed) or for a whole
 * account (admin-managed, Server-to-Server, chatbot). Its generation number
 * lives in memory too: bumping it kills every access token minted before. */
struct install {
    int64_t id;
    char app_id[ID_LEN], account_id[ID_LEN], user_id[ID_LEN], installed_by[ID_LEN];
    enum app_env env;
    char scopes[SCOPES_STR_MAX];
    uint32_t generation;
    int64_t created_at, updated_at, revoked_at; /* revoked_at 0 while active */
};

#define INSTALL_DEAD UINT32_MAX /* generation of an install that no longer exists */

/* Loads every install's generation into memory (at start). */
int installs_load(struct db *db);
void installs_free(void);
/* The current generation of an install, INSTALL_DEAD when unknown or revoked. O(1), no store access. */
uint32_t install_generation(int64_t install_id);

/* Creates or re-activates the install (user_id "" = account-wide) with `scopes`. */
int install_upsert(struct db *db, const char *app_id, enum app_env env, const char *account_id, const char *user_id,
                   const char *installed_by, const char *scopes, struct install *out, struct perr *e);
/* 1 found (active or not), 0 not, -1 error. */
int install_find(struct db *db, const char *app_id, enum app_env env, const char *account_id, const char *user_id,
                 struct install *out);
int install_get(struct db *db, int64_t id, struct install *out);
/* Next generation: tokens minted before stop working. Within the caller's transaction;
 * after commit, publish the new state (install_publish, or _revoked when *revoked). */
int install_bump(struct db *db, int64_t id, uint32_t *generation, int *revoked);
/* Marks the install revoked (and moves its generation). Same transaction rule. */
int install_revoke(struct db *db, int64_t id, uint32_t *generation);
/* Makes committed changes visible to token checks. The table keeps the newest
 * generation it was given, whatever order publishers come in. */
void install_publish(int64_t id, uint32_t generation);
void install_publish_revoked(int64_t id, uint32_t generation);
void install_publish_deleted(int64_t id);
/* Installs filtered by app, account and/or user (NULL: any), ids after `after`, at most `max`. */
int install_list(struct db *db, const char *app_id, const char *account_id, const char *user_id, int64_t after,
                 struct install *out, int max, int *n);
/* Every install of an account or app is dead in memory (after deleting them). */
int installs_forget(struct db *db, const char *account_id, const char *app_id);

#endif
