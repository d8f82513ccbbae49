/* The statements on tables events, event_subscriptions, deliveries,
 * delivery_attempts and deauthorizations. */
#include "events/events_store.h"
#include "core/db.h"
#include "events/events_internal.h"

#include <string.h>

static int64_t int_or_zero(struct db_stmt *st, int col) { return db_is_null(st, col) ? 0 : db_int(st, col); }

/* Finishes a statement read to its end, or until a callback stopped at `step`: 0, or -1 when the store failed. */
static int rows_done(struct db_stmt *st, int step)
{
    db_done(st);
    return step == DB_ERROR ? -1 : 0;
}

/* ---- events ------------------------------------------------------------------- */

int64_t event_store_insert(struct db *db, const struct event_new *ev)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO events (account_id, app_id, event, body, event_ts, created_at) VALUES "
                                  "(?, ?, ?, ?, ?, ?) RETURNING id",
                                  "ssssii", ev->account_id, ev->app_id, ev->event, ev->body, ev->event_ts,
                                  ev->created_at);
    int64_t id = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    return id;
}

/* ---- event_subscriptions ---------------------------------------------------------- */

#define SUB_COLUMNS                                                                                               \
    "id, app_id, env, name, url, events, secret_token, verification_token, state, validated_at, failures, "      \
    "next_validation_at, created_at, updated_at, kind"

static int subscription_row(struct db_stmt *st, subscription_row_fn *fn, void *arg)
{
    struct subscription_row r = {
        .id = db_text(st, 0),
        .app_id = db_text(st, 1),
        .env = db_text(st, 2),
        .name = db_text(st, 3),
        .url = db_text(st, 4),
        .events = db_text(st, 5),
        .secret_token = db_text(st, 6),
        .verification_token = db_text(st, 7),
        .state = db_text(st, 8),
        .validated_at = int_or_zero(st, 9),
        .failures = db_int(st, 10),
        .next_validation_at = int_or_zero(st, 11),
        .created_at = db_int(st, 12),
        .updated_at = db_int(st, 13),
        .kind = db_text(st, 14),
    };
    return fn(&r, arg);
}

int subscription_store_insert(struct db *db, const struct subscription_new *s)
{
    if (!s->kind)
        return db_run(db,
                      "INSERT INTO event_subscriptions (id, app_id, env, name, url, events, secret_token, "
                      "verification_token, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', "
                      "?, ?)",
                      "ssssssssii", s->id, s->app_id, s->env, s->name, s->url, s->events, s->secret_token,
                      s->verification_token, s->now, s->now);
    return db_run(db,
                  "INSERT INTO event_subscriptions (id, app_id, env, name, url, events, secret_token, "
                  "verification_token, state, created_at, updated_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, "
                  "?, ?)",
                  "ssssssssiis", s->id, s->app_id, s->env, s->name, s->url, s->events, s->secret_token,
                  s->verification_token, s->now, s->now, s->kind);
}

int subscription_store_get(struct db *db, const char *app_id, const char *id, subscription_row_fn *fn, void *arg)
{
    struct db_stmt *st =
        db_query(db, "SELECT " SUB_COLUMNS " FROM event_subscriptions WHERE id = ? AND app_id = ?", "ss", id, app_id);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found)
        subscription_row(st, fn, arg);
    db_done(st);
    return found;
}

int subscription_store_urls(struct db *db, const char *app_id, void (*fn)(const char *url, void *arg), void *arg)
{
    struct db_stmt *st =
        db_query(db, "SELECT url FROM event_subscriptions WHERE app_id = ? ORDER BY created_at, id", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        fn(db_text(st, 0), arg);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int subscription_store_by_id(struct db *db, const char *id, subscription_row_fn *fn, void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT " SUB_COLUMNS " FROM event_subscriptions WHERE id = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        subscription_row(st, fn, arg);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int subscription_store_list(struct db *db, const char *app_id, subscription_row_fn *fn, void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT " SUB_COLUMNS " FROM event_subscriptions WHERE app_id = ? ORDER BY CASE kind "
                                  "WHEN 'subscription' THEN 0 WHEN 'deauthorization' THEN 1 ELSE 2 END, created_at, id",
                                  "s", app_id);
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW && !subscription_row(st, fn, arg))
        ;
    return rows_done(st, step);
}

int subscription_store_kind(struct db *db, const char *app_id, const char *id, char *kind, size_t size)
{
    struct db_stmt *st =
        db_query(db, "SELECT kind FROM event_subscriptions WHERE id = ? AND app_id = ?", "ss", id, app_id);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW)
        db_copy(st, 0, kind, (unsigned)size);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_ERROR ? -1 : 0;
}

int64_t subscription_store_count(struct db *db, const char *app_id)
{
    int64_t count = -1;
    struct db_stmt *st = db_query(
        db, "SELECT count(*) FROM event_subscriptions WHERE app_id = ? AND kind = 'subscription'", "s", app_id);
    if (st && db_step(st) == DB_ROW)
        count = db_int(st, 0);
    db_done(st);
    return count;
}

int subscription_store_url(struct db *db, const char *app_id, const char *id, char url[2049])
{
    struct db_stmt *st =
        app_id ? db_query(db, "SELECT url FROM event_subscriptions WHERE id = ? AND app_id = ?", "ss", id, app_id)
               : db_query(db, "SELECT url FROM event_subscriptions WHERE id = ?", "s", id);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW)
        db_copy(st, 0, url, 2049);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_ERROR ? -1 : 0;
}

int subscription_store_update(struct db *db, const char *id, const struct subscription_change *c)
{
    return db_run(db,
                  "UPDATE event_subscriptions SET env = COALESCE(?, env), name = COALESCE(?, name), "
                  "url = COALESCE(?, url), events = COALESCE(?, events), secret_token = COALESCE(?, secret_token), "
                  "verification_token = COALESCE(?, verification_token), "
                  "state = CASE WHEN ? <> 0 THEN 'pending' ELSE state END, updated_at = ? WHERE id = ?",
                  "ssssssnis", c->env, c->name, c->url, c->events, c->secret_token, c->verification_token,
                  c->revalidate, c->now, id) == DB_DONE
               ? 0
               : -1;
}

int subscription_store_delete(struct db *db, const char *id)
{
    return db_run(db, "DELETE FROM event_subscriptions WHERE id = ?", "s", id) == DB_DONE ? 0 : -1;
}

int subscription_store_validation_passed(struct db *db, const char *id, int64_t now, int64_t next_at)
{
    return db_run(db,
                  "UPDATE event_subscriptions SET state = 'active', validated_at = ?, failures = 0, "
                  "next_validation_at = ?, updated_at = ? WHERE id = ?",
                  "iiis", now, next_at, now, id) == DB_DONE
               ? 0
               : -1;
}

int subscription_store_validation_failed(struct db *db, const char *id, int failures_max, int64_t now,
                                         int64_t next_at)
{
    return db_run(db,
                  "UPDATE event_subscriptions SET failures = failures + 1, "
                  "state = CASE WHEN state = 'pending' OR state = 'unvalidated' THEN 'unvalidated' "
                  "WHEN failures + 1 >= ? THEN 'disabled' ELSE state END, "
                  "next_validation_at = ?, updated_at = ? WHERE id = ?",
                  "niis", failures_max, next_at, now, id) == DB_DONE
               ? 0
               : -1;
}

int subscription_store_next_validation(struct db *db, const char *id, int64_t at)
{
    return db_run(db, "UPDATE event_subscriptions SET next_validation_at = ? WHERE id = ?", "is", at, id) == DB_DONE
               ? 0
               : -1;
}

static int destinations(struct db_stmt *st, destination_fn *fn, void *arg)
{
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW && !fn(db_text(st, 0), db_text(st, 1), db_text(st, 2), arg))
        ;
    return rows_done(st, step);
}

int subscription_store_wanting(struct db *db, const char *app_id, const char *event, destination_fn *fn, void *arg)
{
    return destinations(db_query(db,
                                 "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' "
                                 "AND app_id = ? AND kind = 'subscription' "
                                 "AND (' ' || events || ' ') LIKE ('% ' || ? || ' %')",
                                 "ss", app_id, event),
                        fn, arg);
}

int subscription_store_with_endpoint(struct db *db, const struct endpoint_event *e, destination_fn *fn, void *arg)
{
    return destinations(db_query(db,
                                 "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' AND "
                                 "app_id = ? AND (' ' || events || ' ') LIKE ('% ' || ? || ' %') AND "
                                 "(kind = 'subscription' OR (kind = ? AND env = ?)) "
                                 "ORDER BY CASE WHEN kind = 'subscription' THEN 0 ELSE 1 END, created_at, id",
                                 "ssss", e->app_id, e->event, e->kind, e->env),
                        fn, arg);
}

int subscription_store_due_validations(struct db *db, int64_t now, destination_fn *fn, void *arg)
{
    return destinations(db_query(db,
                                 "SELECT s.id, s.app_id, s.url FROM event_subscriptions s WHERE s.state IN "
                                 "('active', 'unvalidated') AND s.next_validation_at <= ? AND NOT EXISTS (SELECT 1 "
                                 "FROM deliveries d WHERE d.subscription_id = s.id AND d.event = ? AND d.status IN "
                                 "('pending', 'sending')) LIMIT 64",
                                 "is", now, VALIDATION_EVENT),
                        fn, arg);
}

int endpoint_store_find(struct db *db, const char *app_id, const char *env, const char *kind,
                        struct endpoint_row *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_query(db,
                                  "SELECT id, url, state FROM event_subscriptions WHERE app_id = ? AND env = ? AND "
                                  "kind = ?",
                                  "sss", app_id, env, kind);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        db_copy(st, 0, out->id, sizeof out->id);
        db_copy(st, 1, out->url, sizeof out->url);
        db_copy(st, 2, out->state, sizeof out->state);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_ERROR ? -1 : 0;
}

int endpoint_store_app_tokens(struct db *db, const char *app_id, const char *env, const char *kind,
                              char secret[256], char verification[256])
{
    struct db_stmt *st = db_query(db,
                                  "SELECT secret_token, verification_token FROM event_subscriptions WHERE app_id = ? "
                                  "AND env = ? AND kind <> ? ORDER BY CASE WHEN kind = 'subscription' THEN 0 ELSE 1 "
                                  "END, created_at, id LIMIT 1",
                                  "sss", app_id, env, kind);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        db_copy(st, 0, secret, 256);
        db_copy(st, 1, verification, 256);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_ERROR ? -1 : 0;
}

int endpoint_store_disable(struct db *db, const char *id, int64_t now)
{
    return db_run(db, "UPDATE event_subscriptions SET state = 'disabled', updated_at = ? WHERE id = ?", "is", now,
                  id) == DB_DONE
               ? 0
               : -1;
}

int endpoint_store_activate(struct db *db, const char *id, const char *url, int64_t now)
{
    return db_run(db, "UPDATE event_subscriptions SET url = ?, state = 'active', updated_at = ? WHERE id = ?", "sis",
                  url, now, id) == DB_DONE
               ? 0
               : -1;
}

/* ---- deliveries ----------------------------------------------------------------- */

int delivery_store_insert(struct db *db, const struct delivery_new *d)
{
    return db_run(db,
                  "INSERT INTO deliveries (event_id, subscription_id, app_id, event, url, body, status, next_at, "
                  "created_at) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, 'pending', ?, ?)",
                  "isssssii", d->event_id, d->subscription_id, d->app_id, d->event, d->url, d->body, d->next_at,
                  d->created_at) == DB_DONE
               ? 0
               : -1;
}

#define DELIVERY_COLUMNS                                                                                          \
    "id, event_id, subscription_id, app_id, event, url, body, status, attempts, next_at, first_attempt_at, "     \
    "delivered_at, created_at, (SELECT kind FROM event_subscriptions s WHERE s.id = deliveries.subscription_id)"

static int delivery_row(struct db_stmt *st, delivery_row_fn *fn, void *arg)
{
    struct delivery_row r = {
        .id = db_int(st, 0),
        .event_id = int_or_zero(st, 1),
        .subscription_id = db_text(st, 2),
        .app_id = db_text(st, 3),
        .event = db_text(st, 4),
        .url = db_text(st, 5),
        .body = db_text(st, 6),
        .status = db_text(st, 7),
        .attempts = db_int(st, 8),
        .next_at = db_int(st, 9),
        .first_attempt_at = int_or_zero(st, 10),
        .delivered_at = int_or_zero(st, 11),
        .created_at = db_int(st, 12),
        .kind = db_text(st, 13),
    };
    return fn(&r, arg);
}

int delivery_store_list(struct db *db, const struct delivery_query *q, delivery_row_fn *fn, void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT " DELIVERY_COLUMNS " FROM deliveries WHERE (? IS NULL OR app_id = ?) AND "
                                  "(? IS NULL OR event = ?) AND (? IS NULL OR status = ?) AND "
                                  "(? IS NULL OR subscription_id = ?) AND id > ? ORDER BY id LIMIT ?",
                                  "ssssssssin", q->app_id, q->app_id, q->event, q->event, q->status, q->status,
                                  q->subscription_id, q->subscription_id, q->after, q->limit);
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW && !delivery_row(st, fn, arg))
        ;
    return rows_done(st, step);
}

int64_t delivery_store_latest(struct db *db, const char *app_id)
{
    struct db_stmt *st = db_query(db, "SELECT max(id) FROM deliveries WHERE app_id = ?", "s", app_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    int64_t v = rc == DB_ROW ? (db_is_null(st, 0) ? 0 : db_int(st, 0)) : rc == DB_DONE ? 0 : -1;
    db_done(st);
    return v;
}

int delivery_store_get(struct db *db, int64_t id, delivery_row_fn *fn, void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT " DELIVERY_COLUMNS " FROM deliveries WHERE id = ?", "i", id);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found)
        delivery_row(st, fn, arg);
    db_done(st);
    return found;
}

int64_t delivery_store_redeliver(struct db *db, int64_t id, const char *validation_event, int64_t next_at,
                                 int64_t created_at)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO deliveries (event_id, subscription_id, app_id, event, url, body, status, "
                                  "next_at, created_at) SELECT event_id, subscription_id, app_id, event, "
                                  "(SELECT url FROM event_subscriptions WHERE id = subscription_id), body, 'pending', ?, "
                                  "? FROM deliveries WHERE id = ? AND event <> ? RETURNING id",
                                  "iiis", next_at, created_at, id, validation_event);
    int rc = st ? db_step(st) : DB_ERROR;
    int64_t fresh = rc == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    return rc == DB_ERROR ? -1 : fresh;
}

int delivery_store_fail_queued(struct db *db, const char *subscription_id)
{
    return db_run(db,
                  "UPDATE deliveries SET status = 'failed' WHERE subscription_id = ? AND status IN "
                  "('pending', 'retrying')",
                  "s", subscription_id) == DB_DONE
               ? 0
               : -1;
}

int delivery_store_fail_unproven(struct db *db, const char *subscription_id, const char *validation_event)
{
    return db_run(db,
                  "UPDATE deliveries SET status = 'failed' WHERE subscription_id = ? AND status IN ('pending', "
                  "'retrying') AND event <> ? AND (SELECT state FROM event_subscriptions WHERE id = ?) IN "
                  "('unvalidated', 'disabled')",
                  "sss", subscription_id, validation_event, subscription_id) == DB_DONE
               ? 0
               : -1;
}

int delivery_store_delivered(struct db *db, int64_t id, int attempt, int64_t now, int64_t started)
{
    return db_run(db,
                  "UPDATE deliveries SET status = 'delivered', attempts = ?, delivered_at = ?, "
                  "first_attempt_at = COALESCE(first_attempt_at, ?) WHERE id = ?",
                  "niii", attempt, now, started, id) == DB_DONE
               ? 0
               : -1;
}

int delivery_store_failed(struct db *db, int64_t id, int attempt, int64_t started)
{
    return db_run(db,
                  "UPDATE deliveries SET status = 'failed', attempts = ?, first_attempt_at = "
                  "COALESCE(first_attempt_at, ?) WHERE id = ?",
                  "nii", attempt, started, id) == DB_DONE
               ? 0
               : -1;
}

int delivery_store_retry(struct db *db, int64_t id, int attempt, int64_t next_at, int64_t started)
{
    return db_run(db,
                  "UPDATE deliveries SET status = 'retrying', attempts = ?, next_at = ?, "
                  "first_attempt_at = COALESCE(first_attempt_at, ?) WHERE id = ?",
                  "niii", attempt, next_at, started, id) == DB_DONE
               ? 0
               : -1;
}

/* Deliveries waiting to go out, as the partial indexes of migration 10 read
 * them; a subscription that is not active sends only its url_validation. */
#define QUEUED "status IN ('pending', 'retrying')"
#define VALIDATIONS "event = '" VALIDATION_EVENT "' AND " QUEUED

int delivery_store_queues(struct db *db, int (*fn)(const struct queue_row *q, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, url, active, app_id, env, kind, due FROM (SELECT s.id, s.url, "
                                  "s.state = 'active' AS active, s.app_id, s.env, s.kind, "
                                  "CASE WHEN s.state = 'active' THEN (SELECT min(next_at) FROM deliveries d "
                                  "WHERE d.subscription_id = s.id AND d." QUEUED ") "
                                  "ELSE (SELECT min(next_at) FROM deliveries d WHERE d.subscription_id = s.id AND d."
                                  VALIDATIONS ") END AS due FROM event_subscriptions s) AS queues "
                                  "WHERE due IS NOT NULL ORDER BY due",
                                  "");
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW) {
        struct queue_row q = {.id = db_text(st, 0),
                              .url = db_text(st, 1),
                              .active = (int)db_int(st, 2),
                              .app_id = db_text(st, 3),
                              .env = db_text(st, 4),
                              .kind = db_text(st, 5),
                              .due = db_int(st, 6)};
        if (fn(&q, arg))
            break;
    }
    return rows_done(st, step);
}

int delivery_store_claim(struct db *db, const struct delivery_claim *c,
                         int (*fn)(const struct claimed_row *row, void *arg), void *arg)
{
    /* FOR UPDATE SKIP LOCKED: rows another node is claiming at the same moment are skipped, not waited for */
    struct db_stmt *st = db_query(
        db,
        c->active ? "UPDATE deliveries SET status = 'sending', claimed_by = ?, lease_until = ?, url = CASE WHEN "
                    "event = '" VALIDATION_EVENT "' THEN url ELSE COALESCE(?, url) END WHERE id IN (SELECT id FROM "
                    "deliveries WHERE subscription_id = ? AND " QUEUED " AND next_at <= ? ORDER BY next_at, id "
                    "LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, event, attempts, url, body"
                  : "UPDATE deliveries SET status = 'sending', claimed_by = ?, lease_until = ?, url = CASE WHEN "
                    "event = '" VALIDATION_EVENT "' THEN url ELSE COALESCE(?, url) END WHERE id IN (SELECT id FROM "
                    "deliveries WHERE subscription_id = ? AND " VALIDATIONS " AND next_at <= ? ORDER BY next_at, id "
                    "LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, event, attempts, url, body",
        "sissin", c->node_id, c->lease_until, c->url, c->subscription_id, c->now, c->room);
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW) {
        struct claimed_row r = {.id = db_int(st, 0),
                                .event = db_text(st, 1),
                                .attempts = (int)db_int(st, 2),
                                .url = db_text(st, 3),
                                .body = db_text(st, 4)};
        if (fn(&r, arg))
            break;
    }
    return rows_done(st, step);
}

int delivery_store_unclaim(struct db *db, int64_t id)
{
    return db_run(db, "UPDATE deliveries SET status = 'pending' WHERE id = ? AND status = 'sending'", "i", id) ==
                   DB_DONE
               ? 0
               : -1;
}

int64_t delivery_store_reclaim(struct db *db, int64_t lease_before)
{
    int rc = !lease_before
                 ? db_run(db, "UPDATE deliveries SET status = 'pending', claimed_by = NULL WHERE status = 'sending'", "")
                 : db_run(db,
                          "UPDATE deliveries SET status = 'pending', claimed_by = NULL WHERE status = 'sending' "
                          "AND (lease_until IS NULL OR lease_until < ?)",
                          "i", lease_before);
    return rc == DB_DONE ? db_changes(db) : -1;
}

int64_t delivery_store_next_due(struct db *db, const char *subscription_id, int active, int64_t now)
{
    struct db_stmt *st = db_query(db,
                                  active ? "SELECT min(next_at) FROM deliveries WHERE subscription_id = ? AND "
                                           QUEUED " AND next_at > ?"
                                         : "SELECT min(next_at) FROM deliveries WHERE subscription_id = ? AND "
                                           VALIDATIONS " AND next_at > ?",
                                  "si", subscription_id, now);
    int64_t at = st && db_step(st) == DB_ROW && !db_is_null(st, 0) ? db_int(st, 0) : 0;
    db_done(st);
    return at;
}

int delivery_store_any_queued(struct db *db)
{
    struct db_stmt *st =
        db_query(db, "SELECT 1 FROM deliveries WHERE status IN ('pending', 'retrying', 'sending') LIMIT 1", "");
    if (!st)
        return -1;
    int any = db_step(st) == DB_ROW;
    db_done(st);
    return any;
}

/* ---- delivery_attempts -------------------------------------------------------------- */

int attempt_store_insert(struct db *db, const struct attempt_new *a)
{
    return db_run(db,
                  "INSERT INTO delivery_attempts (delivery_id, n, started_at, duration_ms, request_headers, "
                  "status_code, error, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  "iniisnss", a->delivery_id, a->n, a->started_at, a->duration_ms, a->request_headers,
                  a->status_code, a->error, a->response) == DB_DONE
               ? 0
               : -1;
}

int attempt_store_list(struct db *db, int64_t delivery_id, attempt_row_fn *fn, void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT n, started_at, duration_ms, request_headers, status_code, error, response "
                                  "FROM delivery_attempts WHERE delivery_id = ? ORDER BY n",
                                  "i", delivery_id);
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW) {
        struct attempt_row r = {.delivery_id = delivery_id,
                                .n = db_int(st, 0),
                                .started_at = db_int(st, 1),
                                .duration_ms = db_int(st, 2),
                                .request_headers = db_text(st, 3),
                                .status_code = db_int(st, 4),
                                .error = db_text(st, 5),
                                .response = db_text(st, 6)};
        if (fn(&r, arg))
            break;
    }
    return rows_done(st, step);
}

int attempt_store_unredacted(struct db *db, attempt_row_fn *fn, void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT delivery_id, n, request_headers FROM delivery_attempts WHERE "
                                  "request_headers LIKE '%\"" DELIVERY_SECRET_HEADER "\":\"%' AND "
                                  "request_headers NOT LIKE '%\"" DELIVERY_SECRET_HEADER "\":\"" DELIVERY_REDACTED
                                  "\"%' LIMIT 100",
                                  "");
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW) {
        struct attempt_row r = {.delivery_id = db_int(st, 0), .n = db_int(st, 1), .request_headers = db_text(st, 2)};
        if (fn(&r, arg))
            break;
    }
    return rows_done(st, step);
}

int attempt_store_set_headers(struct db *db, int64_t delivery_id, int n, const char *request_headers)
{
    return db_run(db, "UPDATE delivery_attempts SET request_headers = ? WHERE delivery_id = ? AND n = ?", "sin",
                  request_headers, delivery_id, n) == DB_DONE
               ? 0
               : -1;
}

/* ---- deauthorizations ---------------------------------------------------------------- */

int deauth_store_insert(struct db *db, const struct deauth_new *d)
{
    return db_run(db,
                  "INSERT INTO deauthorizations (app_id, client_id, account_id, user_id, signature, "
                  "deauthorized_at) VALUES (?, ?, ?, ?, ?, ?)",
                  "sssssi", d->app_id, d->client_id, d->account_id, d->user_id, d->signature,
                  d->deauthorized_at) == DB_DONE
               ? 0
               : -1;
}

int deauth_store_newest(struct db *db, const char *client_id, const char *user_id, const char *account_id,
                        int (*fn)(const struct deauth_row *row, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, completed_at, signature FROM deauthorizations WHERE client_id = ? AND "
                                  "user_id = ? AND account_id = ? ORDER BY id DESC LIMIT 1",
                                  "sss", client_id, user_id, account_id);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        struct deauth_row r = {.id = db_int(st, 0),
                               .client_id = client_id,
                               .account_id = account_id,
                               .user_id = user_id,
                               .completed_at = int_or_zero(st, 1),
                               .signature = db_text(st, 2)};
        fn(&r, arg);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_ERROR ? -1 : 0;
}

int deauth_store_list(struct db *db, const char *app_id, int (*fn)(const struct deauth_row *row, void *arg),
                      void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, app_id, client_id, account_id, user_id, signature, deauthorized_at, "
                                  "completed_at FROM deauthorizations WHERE (? IS NULL OR app_id = ?) ORDER BY id "
                                  "LIMIT 1000",
                                  "ss", app_id, app_id);
    if (!st)
        return -1;
    int step;
    while ((step = db_step(st)) == DB_ROW) {
        struct deauth_row r = {.id = db_int(st, 0),
                               .app_id = db_text(st, 1),
                               .client_id = db_text(st, 2),
                               .account_id = db_text(st, 3),
                               .user_id = db_text(st, 4),
                               .signature = db_text(st, 5),
                               .deauthorized_at = db_int(st, 6),
                               .completed_at = int_or_zero(st, 7)};
        if (fn(&r, arg))
            break;
    }
    return rows_done(st, step);
}

int deauth_store_complete(struct db *db, int64_t id, int64_t completed_at, int64_t compliance_id)
{
    return db_run(db, "UPDATE deauthorizations SET completed_at = ?, compliance_id = ? WHERE id = ?", "iii",
                  completed_at, compliance_id, id) == DB_DONE
               ? 0
               : -1;
}
