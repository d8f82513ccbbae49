/* Statements on apps, credentials, app_urls and app_scopes (apps_store.h). */
#include "market/apps_store.h"
#include "core/db.h"

#include <stdio.h>
#include <string.h>

/* ---- apps -------------------------------------------------------------------- */

#define APP_COLUMNS                                                                                               \
    "id, account_id, name, type, management, status, published, strict_mode, subdomain_check, created_at, "      \
    "updated_at, version, live_version"

/* The enum whose name is s, or -1 (an app's type and management are written by plaza, so always known). */
static int type_of(const char *s)
{
    for (int t = APP_OAUTH; t <= APP_CHATBOT; t++)
        if (strcmp(s, app_type_name((enum app_type)t)) == 0)
            return t;
    return -1;
}

static int mgmt_of(const char *s)
{
    for (int m = MGMT_USER; m <= MGMT_ADMIN; m++)
        if (strcmp(s, app_mgmt_name((enum app_mgmt)m)) == 0)
            return m;
    return -1;
}

static void app_from_row(struct db_stmt *st, struct app *a)
{
    char buf[16];
    memset(a, 0, sizeof *a);
    db_copy(st, 0, a->id, sizeof a->id);
    db_copy(st, 1, a->account_id, sizeof a->account_id);
    db_copy(st, 2, a->name, sizeof a->name);
    db_copy(st, 3, buf, sizeof buf);
    a->type = (enum app_type)type_of(buf);
    db_copy(st, 4, buf, sizeof buf);
    a->management = (enum app_mgmt)mgmt_of(buf);
    db_copy(st, 5, a->status, sizeof a->status);
    a->published = (int)db_int(st, 6);
    a->strict_mode = (int)db_int(st, 7);
    a->subdomain_check = (int)db_int(st, 8);
    a->created_at = db_int(st, 9);
    a->updated_at = db_int(st, 10);
    a->version = (int)db_int(st, 11);
    a->live_version = db_is_null(st, 12) ? 0 : (int)db_int(st, 12);
}

int app_store_get(struct db *db, const char *id, struct app *out)
{
    struct db_stmt *st = db_query(db, "SELECT " APP_COLUMNS " FROM apps WHERE id = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        app_from_row(st, out);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int app_store_list(struct db *db, const struct app_filter *f, struct app *out, int max, int *n)
{
    const char *account_id = f->account_id, *status = f->status, *after = f->after ? f->after : "";
    struct db_stmt *st = db_query(db,
                                  "SELECT " APP_COLUMNS " FROM apps WHERE (?1 IS NULL OR account_id = ?1) "
                                  "AND (?2 IS NULL OR status = ?2) AND id > ?3 ORDER BY id LIMIT ?4",
                                  "sssn", account_id, status, after, max);
    *n = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        app_from_row(st, &out[(*n)++]);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int app_store_published_ids(struct db *db, const char *after, char (*ids)[ID_LEN], int max, int *n)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id FROM apps WHERE published = 1 AND live_version > 0 AND id > ? "
                                  "ORDER BY id LIMIT ?",
                                  "sn", after, max);
    *n = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        db_copy(st, 0, ids[(*n)++], ID_LEN);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int app_store_name_taken(struct db *db, const char *name_key, const char *except_id)
{
    struct db_stmt *st = db_query(db, "SELECT 1 FROM apps WHERE name_key = ? AND id <> ?", "ss", name_key, except_id);
    int taken = st && db_step(st) == DB_ROW;
    db_done(st);
    return taken;
}

int app_store_insert(struct db *db, const struct app *a, const char *name_key)
{
    return db_run(db,
                  "INSERT INTO apps (id, account_id, name, name_key, type, management, status, published, "
                  "strict_mode, subdomain_check, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                  "sssssssnnii", a->id, a->account_id, a->name, name_key, app_type_name(a->type),
                  app_mgmt_name(a->management), a->status, a->strict_mode, a->subdomain_check, a->created_at,
                  a->updated_at);
}

int app_store_set_creator(struct db *db, const char *id, const char *user_id)
{
    return db_run(db, "UPDATE apps SET created_by = ? WHERE id = ?", "ss", user_id, id) == DB_DONE ? 0 : -1;
}

int app_store_creator(struct db *db, const char *id, char out[ID_LEN])
{
    struct db_stmt *st = db_query(db, "SELECT created_by FROM apps WHERE id = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st), found = rc == DB_ROW && !db_is_null(st, 0);
    if (found)
        db_copy(st, 0, out, ID_LEN);
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? found : -1;
}

int app_store_update(struct db *db, const char *id, const struct app_change *c)
{
    return db_run(db,
                  "UPDATE apps SET name = COALESCE(?, name), name_key = COALESCE(?, name_key), management = ?, "
                  "strict_mode = COALESCE(?, strict_mode), subdomain_check = COALESCE(?, subdomain_check), "
                  "updated_at = ? WHERE id = ?",
                  "sssssis", c->name, c->name_key, app_mgmt_name(c->management),
                  c->strict_mode < 0 ? NULL : c->strict_mode ? "1" : "0",
                  c->subdomain_check < 0 ? NULL : c->subdomain_check ? "1" : "0", c->updated_at, id);
}

int app_store_delete(struct db *db, const char *id)
{
    return db_run(db, "DELETE FROM apps WHERE id = ?", "s", id);
}

int app_store_touch(struct db *db, const char *id, int64_t now)
{
    return db_run(db, "UPDATE apps SET updated_at = ? WHERE id = ?", "is", now, id);
}

int app_store_move(struct db *db, const char *id, const char *from, const char *to, int64_t now)
{
    if (db_run(db, "UPDATE apps SET status = ?, updated_at = ? WHERE id = ? AND status = ?", "siss", to, now, id,
               from) != DB_DONE)
        return -1;
    return db_changes(db) == 1;
}

int app_store_open_version(struct db *db, const char *id, int64_t now)
{
    struct db_stmt *st = db_query(db,
                                  "UPDATE apps SET version = version + 1, status = 'draft', updated_at = ? "
                                  "WHERE id = ? AND status = 'published' RETURNING version",
                                  "is", now, id);
    int version = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
    db_done(st);
    return version;
}

int app_store_publish(struct db *db, const char *id, int version)
{
    return db_run(db, "UPDATE apps SET live_version = ?, published = 1 WHERE id = ?", "ns", version, id);
}

int app_store_version(struct db *db, const char *id)
{
    struct db_stmt *st = db_query(db, "SELECT version FROM apps WHERE id = ?", "s", id);
    int v = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
    db_done(st);
    return v;
}

int64_t app_store_revision(struct db *db, const char *id)
{
    struct db_stmt *st = db_query(db, "SELECT revision FROM apps WHERE id = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    int64_t v = rc == DB_ROW ? db_int(st, 0) : rc == DB_DONE ? 0 : -1;
    db_done(st);
    return v;
}

int64_t app_store_bump_revision(struct db *db, const char *id, int64_t expected)
{
    struct db_stmt *st = db_query(db,
                                  "UPDATE apps SET revision = revision + 1 WHERE id = ? AND (? = 0 OR revision = ?) "
                                  "RETURNING revision",
                                  "sii", id, expected, expected);
    if (!st)
        return -1;
    int rc = db_step(st);
    int64_t v = rc == DB_ROW ? db_int(st, 0) : rc == DB_DONE ? 0 : -1;
    db_done(st);
    return v;
}

void app_store_unbump_revision(struct db *db, const char *id, int64_t revision)
{
    db_run(db, "UPDATE apps SET revision = revision - 1 WHERE id = ? AND revision = ?", "si", id, revision);
}

void app_store_verification_code(struct db *db, const char *id, char code[48])
{
    code[0] = '\0';
    struct db_stmt *st = db_query(db, "SELECT verification_code FROM apps WHERE id = ?", "s", id);
    if (st && db_step(st) == DB_ROW)
        db_copy(st, 0, code, 48);
    db_done(st);
}

int app_store_offer_verification_code(struct db *db, const char *id, const char *fresh)
{
    return db_run(db, "UPDATE apps SET verification_code = COALESCE(verification_code, ?) WHERE id = ?", "ss", fresh,
                  id);
}

/* ---- credentials --------------------------------------------------------------- */

int credential_store_app(struct db *db, const char *client_id, struct app *out, enum app_env *env)
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

int credential_store_list(struct db *db, const char *app_id, struct credential *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(
        db, "SELECT env, client_id, created_at, rotated_at FROM credentials WHERE app_id = ? ORDER BY env", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max) {
        struct credential *c = &out[(*n)++];
        char env[16];
        db_copy(st, 0, env, sizeof env);
        app_env_parse(env, &c->env);
        db_copy(st, 1, c->client_id, sizeof c->client_id);
        c->created_at = db_int(st, 2);
        c->rotated_at = db_is_null(st, 3) ? 0 : db_int(st, 3);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int app_store_ids_of_account(struct db *db, const char *account_id, const char *after, char (*ids)[ID_LEN], int max,
                             int *n)
{
    *n = 0;
    struct db_stmt *st =
        db_query(db, "SELECT id FROM apps WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?", "ssn", account_id, after, max);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max)
        db_copy(st, 0, ids[(*n)++], ID_LEN);
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int credential_store_client_id(struct db *db, const char *app_id, enum app_env env, char *out)
{
    struct db_stmt *st = db_query(db, "SELECT client_id FROM credentials WHERE app_id = ? AND env = ?", "ss", app_id,
                                  app_env_name(env));
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        db_copy(st, 0, out, ID_LEN);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int credential_store_find(struct db *db, const char *app_id, enum app_env env, int *secret_issued)
{
    *secret_issued = 0;
    struct db_stmt *st = db_query(db, "SELECT secret_hash FROM credentials WHERE app_id = ? AND env = ?", "ss", app_id,
                                  app_env_name(env));
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        *secret_issued = db_text(st, 0)[0] != '\0';
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int credential_store_secret_hash(struct db *db, const char *client_id, char *hash)
{
    struct db_stmt *st = db_query(db, "SELECT secret_hash FROM credentials WHERE client_id = ?", "s", client_id);
    int found = st && db_step(st) == DB_ROW;
    if (found)
        db_copy(st, 0, hash, CRYPTO_HASH_HEX);
    db_done(st);
    return found;
}

int credential_store_insert(struct db *db, const char *app_id, enum app_env env, const char *client_id,
                            const char *secret_hash, const char *sealed, int64_t created_at)
{
    return db_run(db,
                  "INSERT INTO credentials (app_id, env, client_id, secret_hash, secret_sealed, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  "sssssi", app_id, app_env_name(env), client_id, secret_hash, sealed, created_at);
}

int credential_store_rotate(struct db *db, const char *app_id, enum app_env env, const char *secret_hash,
                            const char *sealed, int64_t now, struct credential *out)
{
    struct db_stmt *st = db_query(db,
                                  "UPDATE credentials SET secret_hash = ?, secret_sealed = ?, rotated_at = ? "
                                  "WHERE app_id = ? AND env = ? RETURNING client_id, created_at",
                                  "ssiss", secret_hash, sealed, now, app_id, app_env_name(env));
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->env = env;
        db_copy(st, 0, out->client_id, sizeof out->client_id);
        out->created_at = db_int(st, 1);
        out->rotated_at = now;
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int credential_store_set_secret(struct db *db, const char *app_id, enum app_env env, const char *secret_hash,
                               const char *sealed)
{
    return db_run(db, "UPDATE credentials SET secret_hash = ?, secret_sealed = ? WHERE app_id = ? AND env = ?",
                  "ssss", secret_hash, sealed, app_id, app_env_name(env));
}

int credential_store_sealed(struct db *db, const char *client_id, char *sealed, size_t size)
{
    struct db_stmt *st = db_query(db, "SELECT secret_sealed FROM credentials WHERE client_id = ?", "s", client_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        const char *v = db_text(st, 0);
        if (strlen(v) >= size)
            rc = DB_ERROR;
        else
            memcpy(sealed, v, strlen(v) + 1);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* ---- redirect URLs and allow lists ------------------------------------------------ */

int app_url_store_list(struct db *db, const char *app_id, struct app_urls urls[2])
{
    struct db_stmt *st =
        db_query(db, "SELECT env, kind, url FROM app_urls WHERE app_id = ? ORDER BY env, kind, position", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        char env[16], kind[16];
        enum app_env ev;
        db_copy(st, 0, env, sizeof env);
        db_copy(st, 1, kind, sizeof kind);
        if (app_env_parse(env, &ev) != 0)
            continue;
        struct app_urls *u = &urls[ev];
        if (strcmp(kind, "redirect") == 0)
            db_copy(st, 2, u->redirect_url, sizeof u->redirect_url);
        else if (u->nallow < APP_MAX_URLS)
            db_copy(st, 2, u->allow[u->nallow++], sizeof u->allow[0]);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int app_url_store_redirect(struct db *db, const char *app_id, enum app_env env, char *out)
{
    out[0] = '\0';
    struct db_stmt *st = db_query(db, "SELECT url FROM app_urls WHERE app_id = ? AND env = ? AND kind = 'redirect'",
                                  "ss", app_id, app_env_name(env));
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        db_copy(st, 0, out, URL_MAX + 1);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int app_url_store_targets(struct db *db, const char *app_id, enum app_env env, char (*out)[URL_MAX + 1], int max)
{
    int n = 0;
    struct db_stmt *st =
        db_query(db, "SELECT url FROM app_urls WHERE app_id = ? AND env = ? ORDER BY kind DESC, position", "ss",
                 app_id, app_env_name(env));
    while (st && n < max && db_step(st) == DB_ROW) {
        db_copy(st, 0, out[n], URL_MAX + 1);
        n++;
    }
    db_done(st);
    return n;
}

int app_url_store_set_redirect(struct db *db, const char *app_id, enum app_env env, const char *url)
{
    const char *e = app_env_name(env);
    if (db_run(db, "DELETE FROM app_urls WHERE app_id = ? AND env = ? AND kind = 'redirect'", "ss", app_id, e) !=
            DB_DONE ||
        db_run(db, "INSERT INTO app_urls (app_id, env, kind, position, url) VALUES (?, ?, 'redirect', 0, ?)", "sss",
               app_id, e, url) != DB_DONE)
        return -1;
    return 0;
}

int app_url_store_set_allow(struct db *db, const char *app_id, enum app_env env, const char *const *urls, int n)
{
    const char *e = app_env_name(env);
    if (db_run(db, "DELETE FROM app_urls WHERE app_id = ? AND env = ? AND kind = 'allow'", "ss", app_id, e) != DB_DONE)
        return -1;
    for (int i = 0; i < n; i++)
        if (db_run(db, "INSERT INTO app_urls (app_id, env, kind, position, url) VALUES (?, ?, 'allow', ?, ?)", "ssns",
                   app_id, e, i, urls[i]) != DB_DONE)
            return -1;
    return 0;
}

/* ---- scopes ---------------------------------------------------------------------- */

int app_scope_store_list(struct db *db, const char *app_id, struct app_scope *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st =
        db_query(db, "SELECT scope, description FROM app_scopes WHERE app_id = ? ORDER BY scope", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max) {
        struct app_scope *s = &out[(*n)++];
        db_copy(st, 0, s->scope, sizeof s->scope);
        db_copy(st, 1, s->description, sizeof s->description);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int app_scope_store_names(struct db *db, const char *app_id, char *out, size_t size)
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

int app_scope_store_replace(struct db *db, const char *app_id, const char *const *scopes,
                            const char *const *descriptions, int n, int with_bot)
{
    /* the scopes as they were are set aside ('~' + scope) until the new ones took their descriptions */
    if (db_run(db, "UPDATE app_scopes SET scope = '~' || scope WHERE app_id = ?", "s", app_id) != DB_DONE)
        return -1;
    for (int i = 0; i < n; i++) {
        int rc = db_run(db,
                        "INSERT INTO app_scopes (app_id, scope, description) "
                        "SELECT ?, ?, COALESCE(?, (SELECT description FROM app_scopes WHERE app_id = ? AND scope = "
                        "'~' || ?), '')",
                        "sssss", app_id, scopes[i], descriptions[i], app_id, scopes[i]);
        if (rc != DB_DONE)
            return -1;
    }
    if (with_bot && db_run(db,
                           "INSERT INTO app_scopes (app_id, scope, description) VALUES (?, 'imchat:bot', '') "
                           "ON CONFLICT (app_id, scope) DO NOTHING",
                           "s", app_id) != DB_DONE)
        return -1;
    if (db_run(db, "DELETE FROM app_scopes WHERE app_id = ? AND scope LIKE '~%'", "s", app_id) != DB_DONE)
        return -1;
    return 0;
}
