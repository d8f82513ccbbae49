/* The statements on tables auth_codes, refresh_tokens, sessions and compliance. */
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
