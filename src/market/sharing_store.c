/* The app_links, share_requests and market_settings tables: every statement
 * on them, rows in and out as market.h's structs. */
#include "market/sharing_store.h"
#include "core/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Publishable URLs -------------------------------------------------------- */

int link_store_put(struct db *db, const char *app_id, const char *token, enum app_env env, const char *fingerprint,
                   int64_t at)
{
    return db_run(db,
                  "INSERT INTO app_links (app_id, token, env, fingerprint, created_at, invalid_reason) "
                  "VALUES (?, ?, ?, ?, ?, '') ON CONFLICT (app_id) DO UPDATE SET token = excluded.token, "
                  "env = excluded.env, fingerprint = excluded.fingerprint, created_at = excluded.created_at, "
                  "invalidated_at = NULL, invalid_reason = ''",
                  "ssssi", app_id, token, app_env_name(env), fingerprint, at) == DB_DONE
               ? 0
               : -1;
}

int link_store_get(struct db *db, const char *app_id, struct app_link *out)
{
    struct db_stmt *st = db_query(
        db, "SELECT token, env, created_at, invalidated_at, invalid_reason FROM app_links WHERE app_id = ?", "s", app_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        char env[16];
        db_copy(st, 0, out->token, sizeof out->token);
        db_copy(st, 1, env, sizeof env);
        app_env_parse(env, &out->env);
        out->created_at = db_int(st, 2);
        out->invalidated_at = db_is_null(st, 3) ? 0 : db_int(st, 3);
        db_copy(st, 4, out->reason, sizeof out->reason);
        out->valid = out->invalidated_at == 0;
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int link_store_fingerprint(struct db *db, const char *app_id, char *out, size_t size)
{
    struct db_stmt *st =
        db_query(db, "SELECT fingerprint FROM app_links WHERE app_id = ? AND invalidated_at IS NULL", "s", app_id);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found)
        db_copy(st, 0, out, (unsigned)size);
    db_done(st);
    return found;
}

int link_store_invalidate(struct db *db, const char *app_id, int64_t at, const char *reason)
{
    return db_run(db, "UPDATE app_links SET invalidated_at = ?, invalid_reason = ? WHERE app_id = ?", "iss", at,
                  reason, app_id) == DB_DONE
               ? 0
               : -1;
}

/* ---- private sharing requests ------------------------------------------------ */

#define REQUEST_COLUMNS                                                                                           \
    "id, app_id, status, will_publish, customers, customer_type, duration_days, reason, requested_by, "           \
    "requested_at, decided_at, decision_notes, valid_days, expires_at"

static void request_from_row(struct db_stmt *st, struct share_request *r)
{
    memset(r, 0, sizeof *r);
    db_copy(st, 0, r->id, sizeof r->id);
    db_copy(st, 1, r->app_id, sizeof r->app_id);
    db_copy(st, 2, r->status, sizeof r->status);
    r->will_publish = (int)db_int(st, 3);
    r->customers = (int)db_int(st, 4);
    db_copy(st, 5, r->customer_type, sizeof r->customer_type);
    r->duration_days = (int)db_int(st, 6);
    db_copy(st, 7, r->reason, sizeof r->reason);
    db_copy(st, 8, r->requested_by, sizeof r->requested_by);
    r->requested_at = db_int(st, 9);
    r->decided_at = db_is_null(st, 10) ? 0 : db_int(st, 10);
    db_copy(st, 11, r->decision_notes, sizeof r->decision_notes);
    r->valid_days = db_is_null(st, 12) ? 0 : (int)db_int(st, 12);
    r->expires_at = db_is_null(st, 13) ? 0 : db_int(st, 13);
}

int share_request_store_insert(struct db *db, const char *id, const char *app_id, const struct share_request_new *in,
                               const char *requested_by, int64_t at)
{
    int rc = db_run(db,
                    "INSERT INTO share_requests (id, app_id, status, will_publish, customers, customer_type, "
                    "duration_days, reason, requested_by, requested_at, decision_notes) "
                    "VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, '')",
                    "ssnnsnssi", id, app_id, in->will_publish, in->customers, in->customer_type, in->duration_days,
                    in->reason, requested_by, at);
    /* the partial unique index allows one pending request per app */
    return rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

int share_request_store_get(struct db *db, const char *id, struct share_request *out)
{
    struct db_stmt *st = db_query(db, "SELECT " REQUEST_COLUMNS " FROM share_requests WHERE id = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        request_from_row(st, out);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int share_request_store_approve(struct db *db, const char *id, int64_t at, const char *notes, int valid_days,
                                int64_t expires_at)
{
    return db_run(db,
                  "UPDATE share_requests SET status = 'approved', decided_at = ?, decision_notes = ?, "
                  "valid_days = ?, expires_at = ? WHERE id = ? AND status = 'pending'",
                  "isnis", at, notes, valid_days, expires_at, id) == DB_DONE
               ? 0
               : -1;
}

int share_request_store_deny(struct db *db, const char *id, int64_t at, const char *notes)
{
    return db_run(db,
                  "UPDATE share_requests SET status = 'denied', decided_at = ?, decision_notes = ? "
                  "WHERE id = ? AND status = 'pending'",
                  "iss", at, notes, id) == DB_DONE
               ? 0
               : -1;
}

int share_request_store_list(struct db *db, const char *app_id, const char *status, struct share_request *out, int max,
                             int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db,
                                  "SELECT " REQUEST_COLUMNS " FROM share_requests WHERE (? IS NULL OR app_id = ?) AND "
                                  "(? IS NULL OR status = ?) ORDER BY requested_at DESC, id LIMIT ?",
                                  "ssssn", app_id, app_id, status, status, max);
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW)
        request_from_row(st, &out[(*n)++]);
    db_done(st);
    return 0;
}

int64_t share_request_store_expires_at(struct db *db, const char *app_id)
{
    struct db_stmt *st = db_query(
        db, "SELECT max(expires_at) FROM share_requests WHERE app_id = ? AND status = 'approved'", "s", app_id);
    int64_t t = st && db_step(st) == DB_ROW && !db_is_null(st, 0) ? db_int(st, 0) : 0;
    db_done(st);
    return t;
}

/* ---- market settings --------------------------------------------------------- */

/* One row per setting: (key, value as text). */
static const char *const settings_put =
    "INSERT INTO market_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int market_settings_store_get(struct db *db, struct market_settings *out)
{
    struct db_stmt *st = db_query(db, "SELECT key, value FROM market_settings", "");
    if (!st)
        return -1;
    while (db_step(st) == DB_ROW) {
        const char *k = db_text(st, 0), *v = db_text(st, 1);
        if (strcmp(k, "accept_share_requests") == 0)
            out->accept_share_requests = strcmp(v, "1") == 0;
        else if (strcmp(k, "share_days") == 0)
            out->share_days = atoi(v);
    }
    db_done(st);
    return 0;
}

int market_settings_store_set_accept(struct db *db, int accept_share_requests)
{
    const char *value = accept_share_requests ? "1" : "0";
    return db_run(db, settings_put, "ss", "accept_share_requests", value) == DB_DONE ? 0 : -1;
}

int market_settings_store_set_share_days(struct db *db, int share_days)
{
    char days[16];
    snprintf(days, sizeof days, "%d", share_days);
    return db_run(db, settings_put, "ss", "share_days", days) == DB_DONE ? 0 : -1;
}
