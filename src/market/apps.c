/* Apps: creation with development credentials, configuration (redirect URL,
 * allow list, scopes, matching options), secret rotation, and the look-ups
 * OAuth needs (by client id, secret check, redirect check, scopes). Secrets
 * are stored only as keyed hashes. */
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {"oauth", "s2s", "webhook", "chatbot"};
static const char *const mgmt_names[] = {"user", "admin"};
static const char *const env_names[] = {"development", "production"};

const char *app_type_name(enum app_type t) { return type_names[t]; }
const char *app_mgmt_name(enum app_mgmt m) { return mgmt_names[m]; }
const char *app_env_name(enum app_env e) { return env_names[e]; }

static int lookup(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int app_env_parse(const char *s, enum app_env *out)
{
    int i = lookup(s, env_names, 2);
    if (i < 0)
        return -1;
    *out = (enum app_env)i;
    return 0;
}

int app_get(struct db *db, const char *id, struct app *out, struct perr *e)
{
    int rc = app_store_get(db, id, out);
    if (rc == 1)
        return 0;
    return rc == 0 ? perr_set(e, PERR_NOT_FOUND, "App %s does not exist.", id)
                   : perr_set(e, PERR_INTERNAL, "Reading the app failed.");
}

int app_list(struct db *db, const struct app_filter *f, struct app *out, int max, int *n, struct perr *e)
{
    if (app_store_list(db, f, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing apps failed.");
    return 0;
}

int app_details(struct db *db, const char *id, struct app_details *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (app_get(db, id, &out->app, e) != 0)
        return -1;
    if (credential_store_list(db, id, out->creds, 2, &out->ncreds) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's credentials failed.");
    if (app_url_store_list(db, id, out->urls) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's URLs failed.");
    if (app_scope_store_list(db, id, out->scopes, APP_MAX_SCOPES, &out->nscopes) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's scopes failed.");
    return 0;
}

/* ---- validation ------------------------------------------------------------ */

static void name_key(const char *name, char *out, size_t size)
{
    size_t i = 0;
    for (; name[i] && i < size - 1; i++)
        out[i] = (char)tolower((unsigned char)name[i]);
    out[i] = '\0';
}

/* Checks `in` against the app it would create or change (`cur`: the app as it
 * is, with type and management already decided). */
static void validate(const struct app_input *in, const struct app *cur, int creating, struct perr *e)
{
    if (in->name || creating) {
        size_t n = in->name ? strlen(in->name) : 0;
        if (n == 0 || n > APP_NAME_MAX || isspace((unsigned char)in->name[0]) ||
            isspace((unsigned char)in->name[n - 1]))
            perr_field(e, "name", "is required: 1 to %d characters, no leading or trailing spaces", APP_NAME_MAX);
    }
    int uses_redirect = cur->type == APP_OAUTH || cur->type == APP_CHATBOT;
    if (in->redirect_url) {
        const char *why = url_app_check(in->redirect_url);
        if (!uses_redirect)
            perr_field(e, "redirect_url", "is not used by %s apps", app_type_name(cur->type));
        else if (why)
            perr_field(e, "redirect_url", "%s", why);
    } else if (creating && cur->type == APP_OAUTH) {
        perr_field(e, "redirect_url", "is required for OAuth apps");
    }
    if (in->has_allow_list) {
        if (!uses_redirect && in->nallow > 0)
            perr_field(e, "allow_list", "is not used by %s apps", app_type_name(cur->type));
        for (int i = 0; i < in->nallow; i++) {
            const char *why = url_app_check(in->allow_list[i]);
            if (why) {
                char f[48];
                snprintf(f, sizeof f, "allow_list[%d]", i);
                perr_field(e, f, "%s", why);
            }
        }
    }
    if (in->has_scopes) /* imchat:bot on another app is the checklist's to flag */
        scopes_check(in->scopes, in->scope_descriptions, in->nscopes, cur->management != MGMT_USER, 1, e);
}

/* Replaces the development redirect URL / allow list and the scope set as given. */
static int save_config(struct db *db, const char *app_id, const struct app_input *in, enum app_type type)
{
    if (in->redirect_url && app_url_store_set_redirect(db, app_id, ENV_DEVELOPMENT, in->redirect_url) != 0)
        return -1;
    if (in->has_allow_list && app_url_store_set_allow(db, app_id, ENV_DEVELOPMENT, in->allow_list, in->nallow) != 0)
        return -1;
    /* keep descriptions of scopes that stay and were not given a new one */
    if (in->has_scopes && app_scope_store_replace(db, app_id, in->scopes, in->scope_descriptions, in->nscopes,
                                                  type == APP_CHATBOT) != 0)
        return -1;
    return 0;
}

/* The keyed hash checks the secret (OAuth); the sealed copy lets plaza verify
 * the Meeting SDK JWTs the app signs with it (sdk_keys.c). 0, or -1 when the
 * secret is too long to seal. */
static int keep_secret(const char *secret, char hash[CRYPTO_HASH_HEX], char sealed[SECRET_SEALED_MAX])
{
    crypto_secret_hash(config()->hash_key, secret, strlen(secret), hash);
    if (crypto_sealed_size(strlen(secret)) > SECRET_SEALED_MAX)
        return -1;
    return crypto_seal(config()->seal_key, secret, sealed, SECRET_SEALED_MAX) == 0 ? 0 : -1;
}

static int new_secret(char secret[SECRET_LEN], char hash[CRYPTO_HASH_HEX], char sealed[SECRET_SEALED_MAX])
{
    ids_client_secret(secret, SECRET_LEN); /* 32 letters and digits like Zoom's, 190 bits */
    return keep_secret(secret, hash, sealed);
}

static int name_taken(struct db *db, const char *name, const char *except_id)
{
    char key[APP_NAME_MAX + 1];
    name_key(name, key, sizeof key);
    return app_store_name_taken(db, key, except_id);
}

/* A change of several statements in db_transaction: `ran` tells a store
 * that could not begin from one that failed, and `rc` (the body's result)
 * a failed body from a failed commit. */
struct create_tx {
    const struct app *a;
    const struct app_input *cfg;
    const char *key, *client_id, *hash, *sealed;
    int ran, rc;
};

static int create_tx(struct db *db, void *arg)
{
    struct create_tx *t = arg;
    t->ran = 1;
    int rc = app_store_insert(db, t->a, t->key);
    if (rc != DB_DONE)
        return t->rc = rc == DB_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR; /* a constraint: lost a race for the name */
    if ((t->cfg->created_by && app_store_set_creator(db, t->a->id, t->cfg->created_by) != 0) ||
        save_config(db, t->a->id, t->cfg, t->a->type) != 0 ||
        credential_store_insert(db, t->a->id, ENV_DEVELOPMENT, t->client_id, t->hash, t->sealed, t->a->created_at) != DB_DONE)
        return t->rc = DB_ERROR;
    return t->rc = 0;
}

int app_create(struct db *db, const struct app_input *in, struct app_details *out, char secret[SECRET_LEN],
               struct perr *e)
{
    struct app a = {0};
    int t = in->type ? lookup(in->type, type_names, 4) : -1;
    if (!in->type)
        perr_field(e, "type", "is required: one of oauth, s2s, webhook, chatbot");
    else if (t < 0)
        perr_field(e, "type", "must be one of oauth, s2s, webhook, chatbot");
    a.type = t < 0 ? APP_OAUTH : (enum app_type)t;
    a.management = a.type == APP_S2S || a.type == APP_WEBHOOK ? MGMT_ADMIN : MGMT_USER;
    if (in->management) {
        int m = lookup(in->management, mgmt_names, 2);
        if (m < 0)
            perr_field(e, "management", "must be user or admin");
        else if ((a.type == APP_S2S || a.type == APP_WEBHOOK) && m != MGMT_ADMIN)
            perr_field(e, "management", "%s apps are account-level: admin", app_type_name(a.type));
        else
            a.management = (enum app_mgmt)m;
    }
    struct account acc;
    struct perr tmp = {0};
    if (!in->account_id)
        perr_field(e, "account_id", "is required");
    else if (account_get(db, in->account_id, &acc, &tmp) != 0)
        perr_field(e, "account_id", "no account %.40s", in->account_id);
    if (t >= 0) /* with an unknown type, type-specific complaints would only mislead */
        validate(in, &a, 1, e);
    if (e->kind != PERR_NONE)
        return -1;
    if (name_taken(db, in->name, "")) {
        perr_field(e, "name", "is taken: app names are unique");
        e->kind = PERR_CONFLICT;
        snprintf(e->message, sizeof e->message, "An app named \"%s\" already exists.", in->name);
        return -1;
    }

    ids_new(a.id);
    memcpy(a.account_id, acc.id, sizeof acc.id);
    snprintf(a.name, sizeof a.name, "%s", in->name);
    snprintf(a.status, sizeof a.status, "draft");
    a.strict_mode = in->strict_mode < 0 ? 1 : !!in->strict_mode;
    a.subdomain_check = in->subdomain_check < 0 ? 1 : !!in->subdomain_check;
    a.created_at = a.updated_at = clock_now();

    char key[APP_NAME_MAX + 1], client_id[ID_LEN], hash[CRYPTO_HASH_HEX], sealed[SECRET_SEALED_MAX];
    name_key(a.name, key, sizeof key);
    ids_new(client_id);
    if (new_secret(secret, hash, sealed) != 0)
        return perr_set(e, PERR_INTERNAL, "Sealing the secret failed.");

    struct app_input cfg = *in;
    if (a.type == APP_CHATBOT && !cfg.has_scopes)
        cfg.has_scopes = 1, cfg.nscopes = 0; /* chatbot apps always carry imchat:bot */
    struct create_tx tx = {.a = &a, .cfg = &cfg, .key = key, .client_id = client_id, .hash = hash, .sealed = sealed};
    if (db_transaction(db, create_tx, &tx) != 0) {
        if (!tx.ran)
            return perr_set(e, PERR_INTERNAL, "The store is busy.");
        if (tx.rc == DB_CONSTRAINT) {
            perr_field(e, "name", "is taken: app names are unique");
            e->kind = PERR_CONFLICT;
            return -1;
        }
        return perr_set(e, PERR_INTERNAL, tx.rc ? "Storing the app failed." : "Committing the app failed.");
    }
    return app_details(db, a.id, out, e);
}

struct update_tx {
    const struct app *cur; /* as it was, with the management asked for */
    const struct app_input *in;
    const struct app_change *change;
    int ran, rc;
};

static int update_tx(struct db *db, void *arg)
{
    struct update_tx *t = arg;
    t->ran = 1;
    int rc = app_store_update(db, t->cur->id, t->change);
    if (rc != DB_DONE)
        return t->rc = rc == DB_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
    if (save_config(db, t->cur->id, t->in, t->cur->type) != 0 || app_edit_done(db, t->cur) != 0)
        return t->rc = DB_ERROR;
    return t->rc = 0;
}

int app_update(struct db *db, const char *id, const struct app_input *in, struct app_details *out, struct perr *e)
{
    struct app cur;
    if (app_get(db, id, &cur, e) != 0)
        return -1;
    if (in->account_id && strcmp(in->account_id, cur.account_id) != 0)
        perr_field(e, "account_id", "cannot change: an app stays in the account that created it");
    if (in->type && strcmp(in->type, type_names[cur.type]) != 0)
        perr_field(e, "type", "cannot change after creation");
    if (in->management) {
        int m = lookup(in->management, mgmt_names, 2);
        if (m < 0)
            perr_field(e, "management", "must be user or admin");
        else if ((cur.type == APP_S2S || cur.type == APP_WEBHOOK) && m != MGMT_ADMIN)
            perr_field(e, "management", "%s apps are account-level: admin", app_type_name(cur.type));
        else
            cur.management = (enum app_mgmt)m;
    }
    validate(in, &cur, 0, e);
    /* a user-managed app may not keep admin scopes it already has */
    if (e->kind == PERR_NONE && cur.management == MGMT_USER && !in->has_scopes) {
        char scopes[SCOPES_STR_MAX];
        if (app_scopes(db, id, scopes, sizeof scopes) == 0)
            for (char *s = strtok(scopes, " "); s; s = strtok(NULL, " "))
                if (scope_is_admin(s))
                    perr_field(e, "management", "user-managed apps cannot keep the account-level scope %s", s);
    }
    if (e->kind != PERR_NONE || app_edit_check(db, &cur, e) != 0)
        return -1;
    if (in->name && name_taken(db, in->name, id)) {
        perr_field(e, "name", "is taken: app names are unique");
        e->kind = PERR_CONFLICT;
        return -1;
    }
    char key[APP_NAME_MAX + 1];
    if (in->name)
        name_key(in->name, key, sizeof key);
    struct app_change change = {.name = in->name,
                                .name_key = in->name ? key : NULL,
                                .management = cur.management,
                                .strict_mode = in->strict_mode,
                                .subdomain_check = in->subdomain_check,
                                .updated_at = clock_now()};
    struct update_tx tx = {.cur = &cur, .in = in, .change = &change};
    if (db_transaction(db, update_tx, &tx) != 0) {
        if (!tx.ran)
            return perr_set(e, PERR_INTERNAL, "The store is busy.");
        if (tx.rc == DB_CONSTRAINT) {
            perr_field(e, "name", "is taken: app names are unique");
            e->kind = PERR_CONFLICT;
            return -1;
        }
        return perr_set(e, PERR_INTERNAL, tx.rc ? "Storing the app failed." : "Committing the app failed.");
    }
    return app_details(db, id, out, e);
}

struct delete_tx {
    const char *id;
    int ran, rc;
};

static int delete_tx(struct db *db, void *arg)
{
    struct delete_tx *t = arg;
    t->ran = 1;
    t->rc = installs_forget(db, NULL, t->id) != 0 || app_store_delete(db, t->id) != DB_DONE ? DB_ERROR : 0;
    return t->rc;
}

int app_delete(struct db *db, const char *id, struct perr *e)
{
    struct app a;
    if (app_get(db, id, &a, e) != 0)
        return -1;
    struct delete_tx tx = {.id = id};
    if (db_transaction(db, delete_tx, &tx) != 0) {
        if (!tx.ran)
            return perr_set(e, PERR_INTERNAL, "The store is busy.");
        return perr_set(e, PERR_INTERNAL, tx.rc ? "Deleting the app failed." : "Committing the deletion failed.");
    }
    return 0;
}

int app_rotate_secret(struct db *db, const char *id, enum app_env env, char secret[SECRET_LEN], struct credential *out,
                      struct perr *e)
{
    struct app a;
    if (app_get(db, id, &a, e) != 0)
        return -1;
    if (env == ENV_PRODUCTION) { /* production credentials are issued once the app is approved */
        int approved = app_ever_approved(db, id);
        if (approved < 0)
            return perr_set(e, PERR_INTERNAL, "Reading the app's review failed.");
        struct credential_state cs;
        if (approved == 0 && app_credential_state(db, id, env, &cs) == 0 && cs.exists) {
            perr_set(e, PERR_CONFLICT,
                     "App %s is %s: its production credentials are shown and get a secret once the app is approved.",
                     id, a.status);
            perr_field(e, "status", "is %s; production credentials come with approval", a.status);
            e->kind = PERR_CONFLICT;
            return -1;
        }
    }
    char hash[CRYPTO_HASH_HEX], sealed[SECRET_SEALED_MAX];
    if (new_secret(secret, hash, sealed) != 0)
        return perr_set(e, PERR_INTERNAL, "Sealing the secret failed.");
    int rc = credential_store_rotate(db, id, env, hash, sealed, clock_now(), out);
    if (rc == 1)
        return 0;
    if (rc == 0)
        return perr_set(e, PERR_NOT_FOUND, "App %s has no %s credentials yet.", id, env_names[env]);
    return perr_set(e, PERR_INTERNAL, "Rotating the secret failed.");
}

int app_set_secret(struct db *db, const char *id, enum app_env env, const char *secret, struct perr *e)
{
    char hash[CRYPTO_HASH_HEX], sealed[SECRET_SEALED_MAX];
    if (keep_secret(secret, hash, sealed) != 0)
        return perr_set(e, PERR_INTERNAL, "Sealing the secret failed.");
    if (credential_store_set_secret(db, id, env, hash, sealed) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "Setting the secret failed.");
    return 0;
}

int app_by_client_id(struct db *db, const char *client_id, struct app *out, enum app_env *env)
{
    return credential_store_app(db, client_id, out, env);
}

int app_check_secret(struct db *db, const char *client_id, const char *secret)
{
    char want[CRYPTO_HASH_HEX] = "", got[CRYPTO_HASH_HEX];
    int found = credential_store_secret_hash(db, client_id, want);
    crypto_secret_hash(config()->hash_key, secret, strlen(secret), got);
    if (!found) /* the same work either way */
        memset(want, '0', CRYPTO_HASH_HEX - 1);
    return crypto_equal(want, got, CRYPTO_HASH_HEX - 1) && found;
}

int app_redirect_url(struct db *db, const struct app *app, enum app_env env, char *out)
{
    return app_url_store_redirect(db, app->id, env, out);
}

int app_redirect_allowed(struct db *db, const struct app *app, enum app_env env, const char *redirect_uri)
{
    static _Thread_local char urls[APP_MAX_URLS + 1][URL_MAX + 1];
    const char *list[APP_MAX_URLS + 1];
    int n = app_url_store_targets(db, app->id, env, urls, APP_MAX_URLS + 1);
    for (int i = 0; i < n; i++)
        list[i] = urls[i];
    return url_redirect_allowed(redirect_uri, list, (size_t)n, app->strict_mode, app->subdomain_check);
}

int app_scopes(struct db *db, const char *app_id, char *out, size_t size)
{
    return app_scope_store_names(db, app_id, out, size);
}
