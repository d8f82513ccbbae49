/* Reading deliveries for inspection (the exact request sent, every attempt),
 * and redelivering one. */
#include "core/clock.h"
#include "events/events_internal.h"
#include "events/events_store.h"

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

static int attempt_json(const struct attempt_row *a, void *arg)
{
    json_t *headers = json_loads(a->request_headers, 0, NULL);
    if (json_object_get(headers, DELIVERY_SECRET_HEADER)) /* never shown, whatever an old row holds */
        json_object_set_new(headers, DELIVERY_SECRET_HEADER, json_string(DELIVERY_REDACTED));
    json_t *o = json_pack("{s:I,s:o,s:I,s:o,s:I,s:s,s:s}", "n", (json_int_t)a->n, "at", ms_json(a->started_at),
                          "duration_ms", (json_int_t)a->duration_ms, "request_headers",
                          headers ? headers : json_object(), "status_code", (json_int_t)a->status_code, "error",
                          a->error, "response", a->response);
    json_array_append_new(arg, o);
    return 0;
}

static json_t *attempts_of(struct db *db, int64_t id)
{
    json_t *list = json_array();
    attempt_store_list(db, id, attempt_json, list);
    return list;
}

/* Where row_json puts what it makes. */
struct rendering {
    struct db *db;
    json_t *out; /* an array for a list, else the one delivery */
    int n, limit, more;
    int64_t last;
};

static json_t *row_json(struct db *db, const struct delivery_row *d, int with_attempts)
{
    int waiting = strcmp(d->status, "pending") == 0 || strcmp(d->status, "retrying") == 0;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "event_id", d->event_id ? json_integer(d->event_id) : json_null());
    json_object_set_new(o, "subscription_id", json_string(d->subscription_id));
    /* an event subscription, or one of the app's own endpoints (deauthorization, bot) */
    const struct endpoint_kind *k = endpoint_kind_of(d->kind);
    json_object_set_new(o, "destination", json_string(k ? k->shown : "event_subscription"));
    json_object_set_new(o, "app_id", json_string(d->app_id));
    json_object_set_new(o, "event", json_string(d->event));
    json_object_set_new(o, "url", json_string(d->url));
    json_object_set_new(o, "status", json_string(d->status));
    json_object_set_new(o, "attempts", json_integer(d->attempts));
    json_object_set_new(o, "next_attempt_at", waiting ? ms_json(d->next_at) : json_null());
    json_object_set_new(o, "first_attempt_at", ms_json(d->first_attempt_at));
    json_object_set_new(o, "delivered_at", ms_json(d->delivered_at));
    json_object_set_new(o, "created_at", ms_json(d->created_at * 1000));
    json_object_set_new(o, "body", json_string(d->body));
    if (with_attempts)
        json_object_set_new(o, "attempt_log", attempts_of(db, d->id));
    return o;
}

static int list_row(const struct delivery_row *d, void *arg)
{
    struct rendering *r = arg;
    if (r->n == r->limit) {
        r->more = 1;
        return 1;
    }
    r->last = d->id;
    json_array_append_new(r->out, row_json(r->db, d, 1));
    r->n++;
    return 0;
}

static int one_row(const struct delivery_row *d, void *arg)
{
    struct rendering *r = arg;
    r->out = row_json(r->db, d, 1);
    return 0;
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
    struct delivery_query q = {f->app_id, f->event, f->status, f->subscription_id, f->after, limit + 1};
    struct rendering r = {.db = db, .out = json_array(), .limit = limit, .last = f->after};
    if (delivery_store_list(db, &q, list_row, &r) < 0 && r.n == 0 && !r.more) {
        json_decref(r.out);
        return perr_set(e, PERR_INTERNAL, "Listing deliveries failed.");
    }
    char next[24] = "";
    if (r.more)
        snprintf(next, sizeof next, "%lld", (long long)r.last);
    *out = json_pack("{s:o,s:s,s:I}", "deliveries", r.out, "next_page_token", next, "last_id", (json_int_t)r.last);
    return 0;
}

int delivery_get(struct db *db, int64_t id, json_t **out, struct perr *e)
{
    struct rendering r = {.db = db};
    int found = delivery_store_get(db, id, one_row, &r);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the delivery failed.");
    if (found)
        *out = r.out;
    return found ? 0 : perr_set(e, PERR_NOT_FOUND, "Delivery %lld does not exist.", (long long)id);
}

int delivery_redeliver(struct db *db, int64_t id, json_t **out, struct perr *e)
{
    int64_t fresh = delivery_store_redeliver(db, id, VALIDATION_EVENT, clock_now_ms(), clock_now());
    if (fresh < 0)
        return perr_set(e, PERR_INTERNAL, "Queueing the delivery again failed.");
    if (!fresh)
        return perr_set(e, PERR_NOT_FOUND, "Delivery %lld does not exist (or is a url_validation).", (long long)id);
    /* the answer is the delivery as queued: read before the worker, woken, may already send it */
    int rc = delivery_get(db, fresh, out, e);
    webhooks_wake();
    return rc;
}

/* Attempts recorded before plaza redacted the verification token hold it in
 * plain text: they are rewritten once, when the worker starts. */
/* Up to 100 attempts to rewrite, their headers redacted. */
struct scrub {
    struct old {
        int64_t delivery_id;
        int n;
        char *headers;
    } rows[100];
    int nrows;
};

static int redact(const struct attempt_row *a, void *arg)
{
    struct scrub *s = arg;
    if (s->nrows == 100)
        return 1;
    json_t *h = json_loads(a->request_headers, 0, NULL);
    if (json_object_get(h, DELIVERY_SECRET_HEADER))
        json_object_set_new(h, DELIVERY_SECRET_HEADER, json_string(DELIVERY_REDACTED));
    /* unreadable headers are replaced by an empty record rather than kept */
    char *text = h ? json_dumps(h, JSON_COMPACT) : NULL;
    json_decref(h);
    s->rows[s->nrows].delivery_id = a->delivery_id;
    s->rows[s->nrows].n = (int)a->n;
    s->rows[s->nrows].headers = text;
    s->nrows++;
    return 0;
}

int delivery_attempts_scrub(struct db *db)
{
    int done = 0;
    for (;;) {
        struct scrub s;
        s.nrows = 0;
        if (attempt_store_unredacted(db, redact, &s) < 0 && s.nrows == 0)
            return -1;
        int rc = 0;
        for (int i = 0; i < s.nrows; i++) {
            if (rc == 0 && attempt_store_set_headers(db, s.rows[i].delivery_id, s.rows[i].n,
                                                     s.rows[i].headers ? s.rows[i].headers : "{}") != 0)
                rc = -1;
            free(s.rows[i].headers);
        }
        if (rc != 0)
            return -1;
        done += s.nrows;
        if (s.nrows < 100)
            return done;
    }
}
