/* Reading deliveries for inspection (the exact request sent, every attempt),
 * and redelivering one. */
#include "core/clock.h"
#include "core/db.h"
#include "events/events_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *ms_json(int64_t ms)
{
    if (!ms)
        return json_null();
    char buf[21], out[32];
    clock_format(ms / 1000, buf);
    snprintf(out, sizeof out, "%.19s.%03dZ", buf, (int)(ms % 1000));
    return json_string(out);
}

#define DELIVERY_COLUMNS                                                                                          \
    "id, event_id, subscription_id, app_id, event, url, body, status, attempts, next_at, first_attempt_at, "     \
    "delivered_at, created_at, (SELECT kind FROM event_subscriptions s WHERE s.id = deliveries.subscription_id)"

static json_t *attempts_of(struct db *db, int64_t id)
{
    json_t *list = json_array();
    struct db_stmt *st = db_query(db,
                                  "SELECT n, started_at, duration_ms, request_headers, status_code, error, response "
                                  "FROM delivery_attempts WHERE delivery_id = ? ORDER BY n",
                                  "i", id);
    while (st && db_step(st) == DB_ROW) {
        json_t *headers = json_loads(db_text(st, 3), 0, NULL);
        if (json_object_get(headers, DELIVERY_SECRET_HEADER)) /* never shown, whatever an old row holds */
            json_object_set_new(headers, DELIVERY_SECRET_HEADER, json_string(DELIVERY_REDACTED));
        json_t *a = json_pack("{s:I,s:o,s:I,s:o,s:I,s:s,s:s}", "n", (json_int_t)db_int(st, 0), "at",
                              ms_json(db_int(st, 1)), "duration_ms", (json_int_t)db_int(st, 2), "request_headers",
                              headers ? headers : json_object(), "status_code", (json_int_t)db_int(st, 4), "error",
                              db_text(st, 5), "response", db_text(st, 6));
        json_array_append_new(list, a);
    }
    db_done(st);
    return list;
}

static json_t *row_json(struct db *db, struct db_stmt *st, int with_attempts)
{
    const char *status = db_text(st, 7);
    int waiting = strcmp(status, "pending") == 0 || strcmp(status, "retrying") == 0;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(db_int(st, 0)));
    json_object_set_new(o, "event_id", db_is_null(st, 1) ? json_null() : json_integer(db_int(st, 1)));
    json_object_set_new(o, "subscription_id", json_string(db_text(st, 2)));
    /* an event subscription, or one of the app's own endpoints (deauthorization, bot) */
    const struct endpoint_kind *k = endpoint_kind_of(db_text(st, 13));
    json_object_set_new(o, "destination", json_string(k ? k->shown : "event_subscription"));
    json_object_set_new(o, "app_id", json_string(db_text(st, 3)));
    json_object_set_new(o, "event", json_string(db_text(st, 4)));
    json_object_set_new(o, "url", json_string(db_text(st, 5)));
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "attempts", json_integer(db_int(st, 8)));
    json_object_set_new(o, "next_attempt_at", waiting ? ms_json(db_int(st, 9)) : json_null());
    json_object_set_new(o, "first_attempt_at", ms_json(db_is_null(st, 10) ? 0 : db_int(st, 10)));
    json_object_set_new(o, "delivered_at", ms_json(db_is_null(st, 11) ? 0 : db_int(st, 11)));
    json_object_set_new(o, "created_at", ms_json(db_int(st, 12) * 1000));
    json_object_set_new(o, "body", json_string(db_text(st, 6)));
    if (with_attempts)
        json_object_set_new(o, "attempt_log", attempts_of(db, db_int(st, 0)));
    return o;
}

int deliveries_list(struct db *db, const struct delivery_filter *f, json_t **out, struct perr *e)
{
    static const char *const statuses[] = {"pending", "sending", "retrying", "delivered", "failed", NULL};
    if (f->status) {
        int ok = 0;
        for (const char *const *s = statuses; *s; s++)
            ok |= strcmp(*s, f->status) == 0;
        if (!ok)
            return perr_field(e, "status", "must be pending, sending, retrying, delivered or failed");
    }
    int limit = f->limit < 1 ? 30 : f->limit > 200 ? 200 : f->limit;
    struct db_stmt *st = db_query(db,
                                  "SELECT " DELIVERY_COLUMNS " FROM deliveries WHERE (? IS NULL OR app_id = ?) AND "
                                  "(? IS NULL OR event = ?) AND (? IS NULL OR status = ?) AND "
                                  "(? IS NULL OR subscription_id = ?) AND id > ? ORDER BY id LIMIT ?",
                                  "ssssssssin", f->app_id, f->app_id, f->event, f->event, f->status, f->status,
                                  f->subscription_id, f->subscription_id, f->after, limit + 1);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing deliveries failed.");
    json_t *items = json_array();
    int n = 0, more = 0;
    int64_t last = f->after;
    while (db_step(st) == DB_ROW) {
        if (n == limit) {
            more = 1;
            break;
        }
        last = db_int(st, 0);
        json_array_append_new(items, row_json(db, st, 1));
        n++;
    }
    db_done(st);
    char next[24] = "";
    if (more)
        snprintf(next, sizeof next, "%lld", (long long)last);
    *out = json_pack("{s:o,s:s,s:I}", "deliveries", items, "next_page_token", next, "last_id", (json_int_t)last);
    return 0;
}

int delivery_get(struct db *db, int64_t id, json_t **out, struct perr *e)
{
    struct db_stmt *st = db_query(db, "SELECT " DELIVERY_COLUMNS " FROM deliveries WHERE id = ?", "i", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the delivery failed.");
    int found = db_step(st) == DB_ROW;
    if (found)
        *out = row_json(db, st, 1);
    db_done(st);
    return found ? 0 : perr_set(e, PERR_NOT_FOUND, "Delivery %lld does not exist.", (long long)id);
}

int delivery_redeliver(struct db *db, int64_t id, json_t **out, struct perr *e)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO deliveries (event_id, subscription_id, app_id, event, url, body, status, "
                                  "next_at, created_at) SELECT event_id, subscription_id, app_id, event, "
                                  "(SELECT url FROM event_subscriptions WHERE id = subscription_id), body, 'pending', ?, "
                                  "? FROM deliveries WHERE id = ? AND event <> ? RETURNING id",
                                  "iiis", clock_now_ms(), clock_now(), id, VALIDATION_EVENT);
    int rc = st ? db_step(st) : DB_ERROR;
    int64_t fresh = rc == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    if (rc == DB_ERROR)
        return perr_set(e, PERR_INTERNAL, "Queueing the delivery again failed.");
    if (!fresh)
        return perr_set(e, PERR_NOT_FOUND, "Delivery %lld does not exist (or is a url_validation).", (long long)id);
    webhooks_wake();
    return delivery_get(db, fresh, out, e);
}

/* Attempts recorded before plaza redacted the verification token hold it in
 * plain text: they are rewritten once, when the worker starts. */
int delivery_attempts_scrub(struct db *db)
{
    int done = 0;
    for (;;) {
        struct db_stmt *st = db_query(db,
                                      "SELECT delivery_id, n, request_headers FROM delivery_attempts WHERE "
                                      "request_headers LIKE '%\"" DELIVERY_SECRET_HEADER "\":\"%' AND "
                                      "request_headers NOT LIKE '%\"" DELIVERY_SECRET_HEADER "\":\"" DELIVERY_REDACTED
                                      "\"%' LIMIT 100",
                                      "");
        if (!st)
            return -1;
        struct old {
            int64_t delivery_id;
            int n;
            char *headers;
        } rows[100];
        int nrows = 0;
        while (nrows < 100 && db_step(st) == DB_ROW) {
            json_t *h = json_loads(db_text(st, 2), 0, NULL);
            if (json_object_get(h, DELIVERY_SECRET_HEADER))
                json_object_set_new(h, DELIVERY_SECRET_HEADER, json_string(DELIVERY_REDACTED));
            /* unreadable headers are replaced by an empty record rather than kept */
            char *text = h ? json_dumps(h, JSON_COMPACT) : NULL;
            json_decref(h);
            rows[nrows].delivery_id = db_int(st, 0);
            rows[nrows].n = (int)db_int(st, 1);
            rows[nrows].headers = text;
            nrows++;
        }
        db_done(st);
        int rc = 0;
        for (int i = 0; i < nrows; i++) {
            if (rc == 0 && db_run(db, "UPDATE delivery_attempts SET request_headers = ? WHERE delivery_id = ? AND n = ?",
                                  "sin", rows[i].headers ? rows[i].headers : "{}", rows[i].delivery_id,
                                  rows[i].n) != DB_DONE)
                rc = -1;
            free(rows[i].headers);
        }
        if (rc != 0)
            return -1;
        done += nrows;
        if (nrows < 100)
            return done;
    }
}
