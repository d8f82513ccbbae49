/* Apps: creation with development credentials, configuration (redirect URL,
 * allow list, scopes, matching options), secret rotation, and the look-ups
 * OAuth needs (by client id, secret check, redirect check, scopes). Secrets
 * are stored only as keyed hashes. */
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
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

#define APP_COLUMNS                                                                                               \
    "id, account_id, name, type, management, status, published, strict_mode, subdomain_check, created_at, "      \
    "updated_at, version, live_version"

static void app_from_row(struct db_stmt *st, struct app *a)
{
    char buf[16];
    memset(a, 0, sizeof *a);
    db_copy(st, 0, a->id, sizeof a->id);
    db_copy(st, 1, a->account_id, sizeof a->account_id);
    db_copy(st, 2, a->name, sizeof a->name);
    db_copy(st, 3, buf, sizeof buf);
    a->type = (enum app_type)lookup(buf, type_names, 4);
    db_copy(st, 4, buf, sizeof buf);
    a->management = (enum app_mgmt)lookup(buf, mgmt_names, 2);
    db_copy(st, 5, a->status, sizeof a->status);
    a->published = (int)db_int(st, 6);
    a->strict_mode = (int)db_int(st, 7);
    a->subdomain_check = (int)db_int(st, 8);
    a->created_at = db_int(st, 9);
    a->updated_at = db_int(st, 10);
    a->version = (int)db_int(st, 11);
    a->live_version = db_is_null(st, 12) ? 0 : (int)db_int(st, 12);
}

int app_get(struct db *db, const char *id, struct app *out, struct perr *e)
{
    struct db_stmt *st = db_query(db, "SELECT " APP_COLUMNS " FROM apps WHERE id = ?", "s", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the app failed.");
    int rc = db_step(st);
    if (rc == DB_ROW)
        app_from_row(st, out);
    db_done(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? perr_set(e, PERR_NOT_FOUND, "App %s does not exist.", id)
                         : perr_set(e, PERR_INTERNAL, "Reading the app failed.");
}

int app_list(struct db *db, const char *account_id, const char *status, const char *after, struct app *out, int max,
             int *n, struct perr *e)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT " APP_COLUMNS " FROM apps WHERE (?1 IS NULL OR account_id = ?1) "
                                  "AND (?2 IS NULL OR status = ?2) AND id > ?3 ORDER BY id LIMIT ?4",
                                  "sssn", account_id, status, after ? after : "", max);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing apps failed.");
    int rc;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW)
        app_from_row(st, &out[(*n)++]);
    db_done(st);
    return rc == DB_DONE ? 0 : perr_set(e, PERR_INTERNAL, "Listing apps failed.");
}

int app_details(struct db *db, const char *id, struct app_details *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (app_get(db, id, &out->app, e) != 0)
        return -1;
    int rc = DB_DONE;
    struct db_stmt *st = db_query(
        db, "SELECT env, client_id, created_at, rotated_at FROM credentials WHERE app_id = ? ORDER BY env", "s", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the app's credentials failed.");
    while ((rc = db_step(st)) == DB_ROW && out->ncreds < 2) {
        struct credential *c = &out->creds[out->ncreds++];
        char env[16];
        db_copy(st, 0, env, sizeof env);
        app_env_parse(env, &c->env);
        db_copy(st, 1, c->client_id, sizeof c->client_id);
        c->created_at = db_int(st, 2);
        c->rotated_at = db_is_null(st, 3) ? 0 : db_int(st, 3);
    }
    db_done(st);
    if (rc == DB_ERROR)
        return perr_set(e, PERR_INTERNAL, "Reading the app's credentials failed.");
    st = db_query(db, "SELECT env, kind, url FROM app_urls WHERE app_id = ? ORDER BY env, kind, position", "s", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the app's URLs failed.");
    while ((rc = db_step(st)) == DB_ROW) {
        char env[16], kind[16];
        enum app_env ev;
        db_copy(st, 0, env, sizeof env);
        db_copy(st, 1, kind, sizeof kind);
        if (app_env_parse(env, &ev) != 0)
            continue;
        struct app_urls *u = &out->urls[ev];
        if (strcmp(kind, "redirect") == 0)
            db_copy(st, 2, u->redirect_url, sizeof u->redirect_url);
        else if (u->nallow < APP_MAX_URLS)
            db_copy(st, 2, u->allow[u->nallow++], sizeof u->allow[0]);
    }
    db_done(st);
    if (rc == DB_ERROR)
        return perr_set(e, PERR_INTERNAL, "Reading the app's URLs failed.");
    st = db_query(db, "SELECT scope, description FROM app_scopes WHERE app_id = ? ORDER BY scope", "s", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the app's scopes failed.");
    while ((rc = db_step(st)) == DB_ROW && out->nscopes < APP_MAX_SCOPES) {
        struct app_scope *s = &out->scopes[out->nscopes++];
        db_copy(st, 0, s->scope, sizeof s->scope);
        db_copy(st, 1, s->description, sizeof s->description);
    }
    db_done(st);
    return rc == DB_ERROR ? perr_set(e, PERR_INTERNAL, "Reading the app's scopes failed.") : 0;
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
static int store_config(struct db *db, const char *app_id, const struct app_input *in, enum app_type type)
{
    const char *env = "development";
    if (in->redirect_url) {
        if (db_run(db, "DELETE FROM app_urls WHERE app_id = ? AND env = ? AND kind = 'redirect'", "ss", app_id, env) !=
                DB_DONE ||
            db_run(db, "INSERT INTO app_urls (app_id, env, kind, position, url) VALUES (?, ?, 'redirect', 0, ?)", "sss",
                   app_id, env, in->redirect_url) != DB_DONE)
            return -1;
    }
    if (in->has_allow_list) {
        if (db_run(db, "DELETE FROM app_urls WHERE app_id = ? AND env = ? AND kind = 'allow'", "ss", app_id, env) !=
            DB_DONE)
            return -1;
        for (int i = 0; i < in->nallow; i++)
            if (db_run(db, "INSERT INTO app_urls (app_id, env, kind, position, url) VALUES (?, ?, 'allow', ?, ?)",
                       "ssns", app_id, env, i, in->allow_list[i]) != DB_DONE)
                return -1;
    }
    if (in->has_scopes) {
        /* keep descriptions of scopes that stay and were not given a new one */
        if (db_run(db, "UPDATE app_scopes SET scope = '~' || scope WHERE app_id = ?", "s", app_id) != DB_DONE)
            return -1;
        for (int i = 0; i < in->nscopes; i++) {
            int rc = db_run(db,
                            "INSERT INTO app_scopes (app_id, scope, description) "
                            "SELECT ?, ?, COALESCE(?, (SELECT description FROM app_scopes WHERE app_id = ? AND scope = "
                            "'~' || ?), '')",
                            "sssss", app_id, in->scopes[i], in->scope_descriptions[i], app_id, in->scopes[i]);
            if (rc != DB_DONE)
                return -1;
        }
        if (type == APP_CHATBOT &&
            db_run(db,
                   "INSERT INTO app_scopes (app_id, scope, description) VALUES (?, 'imchat:bot', '') "
                   "ON CONFLICT (app_id, scope) DO NOTHING",
                   "s", app_id) != DB_DONE)
            return -1;
        if (db_run(db, "DELETE FROM app_scopes WHERE app_id = ? AND scope LIKE '~%'", "s", app_id) != DB_DONE)
            return -1;
    }
    return 0;
}

static void new_secret(char secret[SECRET_LEN], char hash[CRYPTO_HASH_HEX])
{
    ids_client_secret(secret, SECRET_LEN); /* 32 letters and digits like Zoom's, 190 bits */
    crypto_secret_hash(config()->hash_key, secret, strlen(secret), hash);
}

static int name_taken(struct db *db, const char *name, const char *except_id)
{
    char key[APP_NAME_MAX + 1];
    name_key(name, key, sizeof key);
    struct db_stmt *st = db_query(db, "SELECT 1 FROM apps WHERE name_key = ? AND id <> ?", "ss", key, except_id);
    int taken = st && db_step(st) == DB_ROW;
    db_done(st);
    return taken;
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

    char key[APP_NAME_MAX + 1], client_id[ID_LEN], hash[CRYPTO_HASH_HEX];
    name_key(a.name, key, sizeof key);
    ids_new(client_id);
    new_secret(secret, hash);

    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    int rc = db_run(db,
                    "INSERT INTO apps (id, account_id, name, name_key, type, management, status, published, "
                    "strict_mode, subdomain_check, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                    "sssssssnnii", a.id, a.account_id, a.name, key, type_names[a.type], mgmt_names[a.management],
                    a.status, a.strict_mode, a.subdomain_check, a.created_at, a.updated_at);
    struct app_input cfg = *in;
    if (a.type == APP_CHATBOT && !cfg.has_scopes)
        cfg.has_scopes = 1, cfg.nscopes = 0; /* chatbot apps always carry imchat:bot */
    if (rc != DB_DONE || store_config(db, a.id, &cfg, a.type) != 0 ||
        db_run(db,
               "INSERT INTO credentials (app_id, env, client_id, secret_hash, created_at) "
               "VALUES (?, 'development', ?, ?, ?)",
               "sssi", a.id, client_id, hash, a.created_at) != DB_DONE) {
        db_rollback(db);
        if (rc == DB_CONSTRAINT) { /* lost a race for the name */
            perr_field(e, "name", "is taken: app names are unique");
            e->kind = PERR_CONFLICT;
            return -1;
        }
        return perr_set(e, PERR_INTERNAL, "Storing the app failed.");
    }
    if (db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Committing the app failed.");
    }
    return app_details(db, a.id, out, e);
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
    int64_t now = clock_now();
    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    int rc = db_run(db,
                    "UPDATE apps SET name = COALESCE(?, name), name_key = COALESCE(?, name_key), management = ?, "
                    "strict_mode = COALESCE(?, strict_mode), subdomain_check = COALESCE(?, subdomain_check), "
                    "updated_at = ? WHERE id = ?",
                    "sssssis", in->name, in->name ? key : NULL, mgmt_names[cur.management],
                    in->strict_mode < 0 ? NULL : in->strict_mode ? "1" : "0",
                    in->subdomain_check < 0 ? NULL : in->subdomain_check ? "1" : "0", now, id);
    if (rc != DB_DONE || store_config(db, id, in, cur.type) != 0 || app_edit_done(db, &cur) != 0) {
        db_rollback(db);
        if (rc == DB_CONSTRAINT) {
            perr_field(e, "name", "is taken: app names are unique");
            e->kind = PERR_CONFLICT;
            return -1;
        }
        return perr_set(e, PERR_INTERNAL, "Storing the app failed.");
    }
    if (db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Committing the app failed.");
    }
    return app_details(db, id, out, e);
}

int app_delete(struct db *db, const char *id, struct perr *e)
{
    struct app a;
    if (app_get(db, id, &a, e) != 0)
        return -1;
    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    if (installs_forget(db, NULL, id) != 0 || db_run(db, "DELETE FROM apps WHERE id = ?", "s", id) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Deleting the app failed.");
    }
    if (db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Committing the deletion failed.");
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
    char hash[CRYPTO_HASH_HEX];
    new_secret(secret, hash);
    int64_t now = clock_now();
    struct db_stmt *st = db_query(db,
                                  "UPDATE credentials SET secret_hash = ?, rotated_at = ? WHERE app_id = ? AND env = ? "
                                  "RETURNING client_id, created_at",
                                  "siss", hash, now, id, env_names[env]);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Rotating the secret failed.");
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->env = env;
        db_copy(st, 0, out->client_id, sizeof out->client_id);
        out->created_at = db_int(st, 1);
        out->rotated_at = now;
    }
    db_done(st);
    if (rc == DB_ROW)
        return 0;
    if (rc == DB_DONE)
        return perr_set(e, PERR_NOT_FOUND, "App %s has no %s credentials yet.", id, env_names[env]);
    return perr_set(e, PERR_INTERNAL, "Rotating the secret failed.");
}

int app_set_secret(struct db *db, const char *id, enum app_env env, const char *secret, struct perr *e)
{
    char hash[CRYPTO_HASH_HEX];
    crypto_secret_hash(config()->hash_key, secret, strlen(secret), hash);
    if (db_run(db, "UPDATE credentials SET secret_hash = ? WHERE app_id = ? AND env = ?", "sss", hash, id,
               env_names[env]) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "Setting the secret failed.");
    return 0;
}

int app_by_client_id(struct db *db, const char *client_id, struct app *out, enum app_env *env)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT a.id, a.account_id, a.name, a.type, a.management, a.status, a.published, "
                                  "a.strict_mode, a.subdomain_check, a.created_at, a.updated_at, a.version, "
                                  "a.live_version, c.env "
                                  "FROM credentials c JOIN apps a ON a.id = c.app_id WHERE c.client_id = ?",
                                  "s", client_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        app_from_row(st, out);
        char buf[16];
        db_copy(st, 13, buf, sizeof buf);
        app_env_parse(buf, env);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int app_check_secret(struct db *db, const char *client_id, const char *secret)
{
    char want[CRYPTO_HASH_HEX] = "", got[CRYPTO_HASH_HEX];
    struct db_stmt *st = db_query(db, "SELECT secret_hash FROM credentials WHERE client_id = ?", "s", client_id);
    int found = st && db_step(st) == DB_ROW;
    if (found)
        db_copy(st, 0, want, sizeof want);
    db_done(st);
    crypto_secret_hash(config()->hash_key, secret, strlen(secret), got);
    if (!found) /* the same work either way */
        memset(want, '0', CRYPTO_HASH_HEX - 1);
    return crypto_equal(want, got, CRYPTO_HASH_HEX - 1) && found;
}

int app_redirect_url(struct db *db, const struct app *app, enum app_env env, char *out)
{
    out[0] = '\0';
    struct db_stmt *st = db_query(db, "SELECT url FROM app_urls WHERE app_id = ? AND env = ? AND kind = 'redirect'",
                                  "ss", app->id, env_names[env]);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        db_copy(st, 0, out, URL_MAX + 1);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int app_redirect_allowed(struct db *db, const struct app *app, enum app_env env, const char *redirect_uri)
{
    static _Thread_local char urls[APP_MAX_URLS + 1][URL_MAX + 1];
    const char *list[APP_MAX_URLS + 1];
    size_t n = 0;
    struct db_stmt *st =
        db_query(db, "SELECT url FROM app_urls WHERE app_id = ? AND env = ? ORDER BY kind DESC, position", "ss",
                 app->id, env_names[env]);
    while (st && n < APP_MAX_URLS + 1 && db_step(st) == DB_ROW) {
        db_copy(st, 0, urls[n], sizeof urls[0]);
        list[n] = urls[n];
        n++;
    }
    db_done(st);
    return url_redirect_allowed(redirect_uri, list, n, app->strict_mode, app->subdomain_check);
}

int app_scopes(struct db *db, const char *app_id, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    struct db_stmt *st = db_query(db, "SELECT scope FROM app_scopes WHERE app_id = ? ORDER BY scope", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *s = db_text(st, 0);
        size_t n = strlen(s);
        if (len + n + 2 > size)
            break;
        if (len)
            out[len++] = ' ';
        memcpy(out + len, s, n + 1);
        len += n;
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}
