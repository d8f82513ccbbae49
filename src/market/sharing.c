/* Private sharing outside the developer's account: a request (will the app
 * be published, how many customers, what type, how long, why) that the
 * operator approves or denies. An approval opens a window (30 days unless
 * the operator says otherwise) in which other accounts may install through
 * the development credentials; rules.c reads it. The operator can close
 * requests altogether (market settings). */
#include "core/clock.h"
#include "core/db.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARE_DAYS_MAX 365
#define SHARE_CUSTOMERS_MAX 1000000
#define SHARE_REASON_MIN 10

static const char *const customer_types[] = {"internal", "beta_customers", "partners", "single_customer", NULL};

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

static int request_get(struct db *db, const char *id, struct share_request *out, struct perr *e)
{
    struct db_stmt *st = db_query(db, "SELECT " REQUEST_COLUMNS " FROM share_requests WHERE id = ?", "s", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the sharing request failed.");
    int rc = db_step(st);
    if (rc == DB_ROW)
        request_from_row(st, out);
    db_done(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? perr_set(e, PERR_NOT_FOUND, "Sharing request %s does not exist.", id)
                         : perr_set(e, PERR_INTERNAL, "Reading the sharing request failed.");
}

int market_settings_get(struct db *db, struct market_settings *out)
{
    out->accept_share_requests = 1;
    out->share_days = MARKET_SHARE_DAYS_DEFAULT;
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

int market_settings_update(struct db *db, int accept, int share_days, struct market_settings *out, struct perr *e)
{
    if (share_days != 0 && (share_days < 1 || share_days > SHARE_DAYS_MAX))
        return perr_field(e, "share_days", "must be from 1 to %d", SHARE_DAYS_MAX);
    char days[16];
    snprintf(days, sizeof days, "%d", share_days);
    static const char *const sql = "INSERT INTO market_settings (key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    if ((accept >= 0 && db_run(db, sql, "ss", "accept_share_requests", accept ? "1" : "0") != DB_DONE) ||
        (share_days && db_run(db, sql, "ss", "share_days", days) != DB_DONE) || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Storing the settings failed.");
    }
    return market_settings_get(db, out) == 0 ? 0 : perr_set(e, PERR_INTERNAL, "Reading the settings failed.");
}

int share_request_create(struct db *db, const char *app_id, const struct share_request_new *in,
                         struct share_request *out, struct perr *e)
{
    struct app a;
    struct market_actor who;
    struct market_settings set;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (a.type != APP_OAUTH && a.type != APP_CHATBOT)
        return perr_field(e, "type", "only OAuth and chatbot apps are shared outside their account");
    if (market_settings_get(db, &set) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the settings failed.");
    if (!set.accept_share_requests) {
        perr_set(e, PERR_FORBIDDEN, "This plaza does not accept private sharing requests.");
        e->kind = PERR_FORBIDDEN;
        return -1;
    }
    if (in->will_publish < 0)
        perr_field(e, "will_publish", "is required: true or false");
    if (in->customers < 1 || in->customers > SHARE_CUSTOMERS_MAX)
        perr_field(e, "customers", "is required: how many customers, 1 to %d", SHARE_CUSTOMERS_MAX);
    int type_ok = 0;
    for (const char *const *t = customer_types; in->customer_type && *t; t++)
        type_ok |= strcmp(*t, in->customer_type) == 0;
    if (!type_ok)
        perr_field(e, "customer_type", "is required: internal, beta_customers, partners or single_customer");
    if (in->duration_days < 1 || in->duration_days > SHARE_DAYS_MAX)
        perr_field(e, "duration_days", "is required: for how long, 1 to %d days", SHARE_DAYS_MAX);
    size_t rn = in->reason ? strlen(in->reason) : 0;
    if (rn < SHARE_REASON_MIN || rn > MARKET_NOTES_MAX)
        perr_field(e, "reason", "is required: why, %d to %d characters", SHARE_REASON_MIN, MARKET_NOTES_MAX);
    if (market_actor_resolve(db, in->actor, "actor", &who, e) == 0 && !who.is_operator &&
        !market_may_manage_apps(db, a.account_id, &who.user)) {
        if (strcmp(who.user.account_id, a.account_id) != 0)
            perr_field(e, "actor", "belongs to another account: only the developer's account asks to share its app");
        else
            return market_refuse_manage(a.account_id, &who.user, "actor", e);
    }
    if (e->kind != PERR_NONE)
        return -1;

    char id[ID_LEN];
    ids_new(id);
    int rc = db_run(db,
                    "INSERT INTO share_requests (id, app_id, status, will_publish, customers, customer_type, "
                    "duration_days, reason, requested_by, requested_at, decision_notes) "
                    "VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, '')",
                    "ssnnsnssi", id, app_id, in->will_publish, in->customers, in->customer_type, in->duration_days,
                    in->reason, market_actor_id(&who), clock_now());
    if (rc == DB_CONSTRAINT) { /* the partial unique index: one pending request per app */
        perr_set(e, PERR_CONFLICT, "App %s already has a sharing request waiting for a decision.", app_id);
        perr_field(e, "app_id", "has a pending sharing request: wait for the operator's decision");
        e->kind = PERR_CONFLICT;
        return -1;
    }
    if (rc != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "Storing the sharing request failed.");
    return request_get(db, id, out, e);
}

int share_request_decide(struct db *db, const char *request_id, int approve, int days, const char *notes,
                         struct share_request *out, struct perr *e)
{
    struct share_request r;
    struct market_settings set;
    if (request_get(db, request_id, &r, e) != 0)
        return -1;
    if (days != 0 && (days < 1 || days > SHARE_DAYS_MAX))
        return perr_field(e, "days", "must be from 1 to %d", SHARE_DAYS_MAX);
    if (!approve && days)
        return perr_field(e, "days", "goes with an approval");
    if (notes && strlen(notes) > MARKET_NOTES_MAX)
        return perr_field(e, "notes", "must be at most %d bytes", MARKET_NOTES_MAX);
    if (strcmp(r.status, "pending") != 0) {
        perr_set(e, PERR_CONFLICT, "Sharing request %s was already %s.", request_id, r.status);
        perr_field(e, "status", "is %s: only a pending request is decided", r.status);
        e->kind = PERR_CONFLICT;
        return -1;
    }
    if (market_settings_get(db, &set) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the settings failed.");
    int64_t now = clock_now();
    int valid = approve ? (days ? days : set.share_days) : 0;
    int rc = approve ? db_run(db,
                              "UPDATE share_requests SET status = 'approved', decided_at = ?, decision_notes = ?, "
                              "valid_days = ?, expires_at = ? WHERE id = ? AND status = 'pending'",
                              "isnis", now, notes ? notes : "", valid, now + (int64_t)valid * 86400, request_id)
                     : db_run(db,
                              "UPDATE share_requests SET status = 'denied', decided_at = ?, decision_notes = ? "
                              "WHERE id = ? AND status = 'pending'",
                              "iss", now, notes ? notes : "", request_id);
    if (rc != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "Storing the decision failed.");
    return request_get(db, request_id, out, e);
}

int share_request_list(struct db *db, const char *app_id, const char *status, struct share_request *out, int max,
                       int *n, struct perr *e)
{
    *n = 0;
    struct db_stmt *st = db_query(db,
                                  "SELECT " REQUEST_COLUMNS " FROM share_requests WHERE (? IS NULL OR app_id = ?) AND "
                                  "(? IS NULL OR status = ?) ORDER BY requested_at DESC, id LIMIT ?",
                                  "ssssn", app_id, app_id, status, status, max);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing sharing requests failed.");
    while (*n < max && db_step(st) == DB_ROW)
        request_from_row(st, &out[(*n)++]);
    db_done(st);
    return 0;
}

int64_t share_expires_at(struct db *db, const char *app_id)
{
    struct db_stmt *st = db_query(
        db, "SELECT max(expires_at) FROM share_requests WHERE app_id = ? AND status = 'approved'", "s", app_id);
    int64_t t = st && db_step(st) == DB_ROW && !db_is_null(st, 0) ? db_int(st, 0) : 0;
    db_done(st);
    return t;
}
