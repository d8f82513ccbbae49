/* The statements on tables auth_codes, refresh_tokens, sessions, compliance, signin_failures and
 * access_tokens. */
#include "oauth/oauth_store.h"
#include "core/db.h"

#include <string.h>

int auth_code_store_insert(struct db *db, const struct auth_code_new *c)
{
    return db_run(db,
                  "INSERT INTO auth_codes (hash, install_id, user_id, client_id, redirect_uri, scopes, challenge, "
                  "challenge_method, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "sissssssii", c->hash, c->install_id, c->user_id, c->client_id, c->redirect_uri, c->scopes,
                  c->challenge, c->method, c->expires_at, c->created_at) == DB_DONE
               ? 0
               : -1;
}

int auth_code_store_get(struct db *db, const char *hash, struct auth_code_row *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_query(db,
                                  "SELECT install_id, user_id, client_id, redirect_uri, scopes, challenge, "
                                  "challenge_method, expires_at, used_at FROM auth_codes WHERE hash = ?",
                                  "s", hash);
    if (!st)
        return -1;
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return 0;
    }
    out->install_id = db_int(st, 0);
    db_copy(st, 1, out->user_id, sizeof out->user_id);
    db_copy(st, 2, out->client_id, sizeof out->client_id);
    db_copy(st, 3, out->redirect_uri, sizeof out->redirect_uri);
    db_copy(st, 4, out->scopes, sizeof out->scopes);
    if (!db_is_null(st, 5)) {
        db_copy(st, 5, out->challenge, sizeof out->challenge);
        db_copy(st, 6, out->method, sizeof out->method);
    }
    out->expires_at = db_int(st, 7);
    out->used = !db_is_null(st, 8);
    db_done(st);
    return 1;
}

int auth_code_store_use(struct db *db, const char *hash, int64_t now)
{
    if (db_run(db, "UPDATE auth_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL", "is", now, hash) != DB_DONE)
        return -1;
    return db_changes(db) == 1;
}

int refresh_store_insert(struct db *db, const struct refresh_new *r)
{
    return db_run(db,
                  "INSERT INTO refresh_tokens (hash, install_id, family, user_id, client_id, scopes, expires_at, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  "sissssii", r->hash, r->install_id, r->family, r->user_id, r->client_id, r->scopes, r->expires_at,
                  r->created_at) == DB_DONE
               ? 0
               : -1;
}

int refresh_store_get(struct db *db, const char *hash, struct refresh_row *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_query(db,
                                  "SELECT install_id, family, user_id, client_id, scopes, expires_at, rotated_at, "
                                  "revoked_at FROM refresh_tokens WHERE hash = ?",
                                  "s", hash);
    if (!st)
        return -1;
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return 0;
    }
    out->install_id = db_int(st, 0);
    db_copy(st, 1, out->family, sizeof out->family);
    db_copy(st, 2, out->user_id, sizeof out->user_id);
    db_copy(st, 3, out->client_id, sizeof out->client_id);
    db_copy(st, 4, out->scopes, sizeof out->scopes);
    out->expires_at = db_int(st, 5);
    out->rotated = !db_is_null(st, 6);
    out->revoked = !db_is_null(st, 7);
    db_done(st);
    return 1;
}

int refresh_store_owner(struct db *db, const char *hash, int64_t *install_id, char client_id[ID_LEN])
{
    struct db_stmt *st = db_query(db, "SELECT install_id, client_id FROM refresh_tokens WHERE hash = ?", "s", hash);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        *install_id = db_int(st, 0);
        db_copy(st, 1, client_id, ID_LEN);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_ERROR ? -1 : 0;
}

int refresh_store_rotate(struct db *db, const char *hash, int64_t now)
{
    if (db_run(db, "UPDATE refresh_tokens SET rotated_at = ? WHERE hash = ? AND rotated_at IS NULL AND revoked_at IS NULL",
               "is", now, hash) != DB_DONE)
        return -1;
    return db_changes(db) == 1;
}

int refresh_store_revoke_install(struct db *db, int64_t install_id, int64_t now)
{
    return db_run(db, "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE install_id = ?", "ii", now,
                  install_id) == DB_DONE
               ? 0
               : -1;
}

int session_store_add(struct db *db, const char *hash, const char *user_id, const char *csrf, int64_t expires_at,
                      int64_t now)
{
    return db_run(db, "DELETE FROM sessions WHERE expires_at <= ?", "i", now) == DB_DONE &&
                   db_run(db, "INSERT INTO sessions (hash, user_id, csrf, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
                          "sssii", hash, user_id, csrf, expires_at, now) == DB_DONE
               ? 0
               : -1;
}

int session_store_get(struct db *db, const char *hash, int64_t now, char user_id[ID_LEN], char *csrf,
                      size_t csrf_size)
{
    struct db_stmt *st =
        db_query(db, "SELECT user_id, csrf FROM sessions WHERE hash = ? AND expires_at > ?", "si", hash, now);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found) {
        db_copy(st, 0, user_id, ID_LEN);
        db_copy(st, 1, csrf, (unsigned)csrf_size);
    }
    db_done(st);
    return found;
}

void session_store_delete(struct db *db, const char *hash)
{
    db_run(db, "DELETE FROM sessions WHERE hash = ?", "s", hash);
}

int session_store_expiry(struct db *db, const char *hash, int64_t now, int64_t *expires_at)
{
    struct db_stmt *st = db_query(db, "SELECT expires_at FROM sessions WHERE hash = ? AND expires_at > ?", "si", hash, now);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found)
        *expires_at = db_int(st, 0);
    db_done(st);
    return found;
}

int signin_store_get(struct db *db, const char *email, int *failures, int64_t *last_at)
{
    struct db_stmt *st = db_query(db, "SELECT failures, last_at FROM signin_failures WHERE email = ?", "s", email);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found) {
        *failures = (int)db_int(st, 0);
        *last_at = db_int(st, 1);
    }
    db_done(st);
    return found;
}

int signin_store_fail(struct db *db, const char *email, int64_t now)
{
    return db_run(db,
                  "INSERT INTO signin_failures (email, failures, last_at) VALUES (?, 1, ?) "
                  "ON CONFLICT (email) DO UPDATE SET failures = signin_failures.failures + 1, last_at = excluded.last_at",
                  "si", email, now) == DB_DONE
               ? 0
               : -1;
}

int signin_store_clear(struct db *db, const char *email)
{
    return db_run(db, "DELETE FROM signin_failures WHERE email = ?", "s", email) == DB_DONE ? 0 : -1;
}

int pat_store_insert(struct db *db, const struct access_token_row *t, const char *hash)
{
    return db_run(db, "INSERT INTO access_tokens (id, user_id, name, hash, created_at) VALUES (?, ?, ?, ?, ?)", "ssssi",
                  t->id, t->user_id, t->name, hash, t->created_at) == DB_DONE
               ? 0
               : -1;
}

static void pat_row(struct db_stmt *st, struct access_token_row *t)
{
    db_copy(st, 0, t->id, sizeof t->id);
    db_copy(st, 1, t->user_id, sizeof t->user_id);
    db_copy(st, 2, t->name, sizeof t->name);
    t->created_at = db_int(st, 3);
    t->last_used_at = db_int(st, 4);
}

int pat_store_by_hash(struct db *db, const char *hash, struct access_token_row *out)
{
    struct db_stmt *st =
        db_query(db, "SELECT id, user_id, name, created_at, last_used_at FROM access_tokens WHERE hash = ?", "s", hash);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found)
        pat_row(st, out);
    db_done(st);
    return found;
}

int pat_store_list(struct db *db, const char *user_id, struct access_token_row *out, int max, int *n)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, user_id, name, created_at, last_used_at FROM access_tokens "
                                  "WHERE user_id = ? ORDER BY created_at, id LIMIT ?",
                                  "sn", user_id, max);
    *n = 0;
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW)
        pat_row(st, &out[(*n)++]);
    db_done(st);
    return 0;
}

int pat_store_count(struct db *db, const char *user_id)
{
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM access_tokens WHERE user_id = ?", "s", user_id);
    int n = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : -1;
    db_done(st);
    return n;
}

int pat_store_delete(struct db *db, const char *user_id, const char *id)
{
    struct db_stmt *st =
        db_query(db, "DELETE FROM access_tokens WHERE user_id = ? AND id = ? RETURNING id", "ss", user_id, id);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    db_done(st);
    return found;
}

void pat_store_touch(struct db *db, const char *id, int64_t now)
{
    db_run(db, "UPDATE access_tokens SET last_used_at = ? WHERE id = ?", "is", now, id);
}

int64_t compliance_store_insert(struct db *db, const struct compliance_row *c)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO compliance (app_id, client_id, account_id, user_id, compliance_completed, "
                                  "body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                  "ssssnsi", c->app_id, c->client_id, c->account_id, c->user_id, c->completed, c->body,
                                  c->received_at);
    int64_t id = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    return id;
}
