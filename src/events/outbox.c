/* The outbox: events, and the deliveries they fan out to, written in the
 * transaction of the change that caused them. */
#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "events/events_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const known_events[] = {
    "meeting.created", "meeting.updated", "meeting.deleted", "meeting.recovered", "meeting.started", "meeting.ended",
    "user.updated", "user.settings_updated",
    "meeting.participant_joined", "meeting.participant_left", "meeting.registration_created",
    "meeting.registration_approved", "meeting.registration_denied", "meeting.registration_cancelled",
    "webinar.created", "webinar.updated", "webinar.deleted", "webinar.started", "webinar.ended",
    "webinar.registration_created", "webinar.registration_approved", "webinar.registration_denied",
    "webinar.registration_cancelled", "recording.completed", "recording.trashed", "recording.deleted",
    "app_deauthorized", "bot_notification", NULL,
};

int events_known(const char *event)
{
    for (const char *const *k = known_events; *k; k++)
        if (strcmp(*k, event) == 0)
            return 1;
    return 0;
}

/* Zoom's envelope, {"event","payload","event_ts"}; `payload` is taken. */
static json_t *envelope_of(const char *event, json_t *payload, int64_t ts)
{
    json_t *env = json_object();
    json_object_set_new(env, "event", json_string(event));
    json_object_set_new(env, "payload", payload);
    json_object_set_new(env, "event_ts", json_integer(ts));
    return env;
}

int events_emit(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *payload)
{
    int64_t ts = clock_now_ms();
    return events_emit_envelope(db, account_id, app_id, event, envelope_of(event, payload, ts), ts);
}

int delivery_enqueue(struct db *db, const char *subscription_id, const char *app_id, int64_t event_id,
                     const char *event, const char *url, const char *body, int64_t next_at)
{
    return db_run(db,
                  "INSERT INTO deliveries (event_id, subscription_id, app_id, event, url, body, status, next_at, "
                  "created_at) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, 'pending', ?, ?)",
                  "isssssii", event_id, subscription_id, app_id, event, url, body, next_at, clock_now()) == DB_DONE
               ? 0
               : -1;
}

/* Stores the event: its id, and its body in *body (the caller frees), 0 on failure. */
static int64_t store_event(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *env,
                           int64_t ts, char **body)
{
    /* the body survives JSON.stringify(JSON.parse(body)) (§3.2) */
    *body = webhook_body(env);
    json_decref(env);
    if (!*body) {
        log_error("events: out of memory writing %s", event);
        return 0;
    }
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO events (account_id, app_id, event, body, event_ts, created_at) VALUES "
                                  "(?, ?, ?, ?, ?, ?) RETURNING id",
                                  "ssssii", account_id, app_id, event, *body, ts, ts / 1000);
    int64_t id = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    if (!id)
        log_error("events: storing %s failed", event);
    return id;
}

/* Queues a delivery of event `id` for each destination `st` yields (id, app_id, url); with `once_per_url`, a
 * URL already served is skipped. Finishes `st`. 0 on success. */
static int fan_out(struct db *db, struct db_stmt *st, int64_t id, const char *event, const char *body, int64_t ts,
                   int once_per_url)
{
    if (!st)
        return -1;
    /* copy the matches first: the statement is reset before the inserts */
    struct match {
        char id[ID_LEN], app[ID_LEN], url[2049];
    } *m = NULL;
    size_t n = 0;
    int step;
    while ((step = db_step(st)) == DB_ROW) {
        int seen = 0;
        for (size_t i = 0; once_per_url && i < n && !seen; i++)
            seen = strcmp(m[i].url, db_text(st, 2)) == 0;
        if (seen)
            continue;
        struct match *grown = realloc(m, sizeof *m * (n + 1));
        if (!grown) {
            log_error("events: out of memory fanning out %s", event);
            step = DB_ERROR;
            break;
        }
        m = grown;
        db_copy(st, 0, m[n].id, sizeof m[n].id);
        db_copy(st, 1, m[n].app, sizeof m[n].app);
        db_copy(st, 2, m[n].url, sizeof m[n].url);
        n++;
    }
    db_done(st);
    int rc = step == DB_ERROR ? -1 : 0; /* a destination left out is an event lost: the change fails with it */
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = delivery_enqueue(db, m[i].id, m[i].app, id, event, m[i].url, body, ts);
    free(m);
    return rc;
}

int events_emit_envelope(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *env,
                         int64_t ts)
{
    char *body;
    int64_t id = store_event(db, account_id, app_id, event, env, ts, &body);
    int rc = -1;
    if (!id)
        goto out;
    /* the subscriptions that want it: of the apps serving the account (their developer's apps and the apps
     * installed on it), or of the one app it is for */
    struct db_stmt *st = app_id ? db_query(db,
                                           "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' "
                                           "AND app_id = ? AND kind = 'subscription' "
                                           "AND (' ' || events || ' ') LIKE ('% ' || ? || ' %')",
                                           "ss", app_id, event)
                                : db_query(db,
                                           "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' "
                                           "AND kind = 'subscription' "
                                           "AND (' ' || events || ' ') LIKE ('% ' || ? || ' %') AND app_id IN ("
                                           "SELECT id FROM apps WHERE account_id = ? UNION "
                                           "SELECT app_id FROM installs WHERE account_id = ? AND revoked_at IS NULL)",
                                           "sss", event, account_id, account_id);
    rc = fan_out(db, st, id, event, body, ts, 0);
out:
    free(body);
    return rc;
}

/* An event for the app's subscriptions that want it and for its endpoint of kind `k` in `env`, one delivery per
 * URL. `envelope` is taken. */
static int emit_with_endpoint(struct db *db, const char *account_id, const char *app_id, const char *env,
                              const struct endpoint_kind *k, json_t *envelope, int64_t ts)
{
    char endpoint[ID_LEN];
    if (endpoint_sync(db, app_id, env, k, endpoint) < 0) {
        json_decref(envelope);
        log_error("events: reading the %s of app %s failed", k->name, app_id);
        return -1;
    }
    char *body;
    int64_t id = store_event(db, account_id, app_id, k->event, envelope, ts, &body);
    if (!id) {
        free(body);
        return -1;
    }
    /* the app's event subscriptions that want it, then its endpoint in this environment; one delivery per URL,
     * through a subscription when one has that URL (its secret token is what the receiver there verifies with) */
    struct db_stmt *st = db_query(db,
                                  "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' AND "
                                  "app_id = ? AND (' ' || events || ' ') LIKE ('% ' || ? || ' %') AND "
                                  "(kind = 'subscription' OR (kind = ? AND env = ?)) "
                                  "ORDER BY CASE WHEN kind = 'subscription' THEN 0 ELSE 1 END, created_at, id",
                                  "ssss", app_id, k->event, k->kind, env);
    int rc = fan_out(db, st, id, k->event, body, ts, 1);
    free(body);
    return rc;
}

int events_emit_deauthorized(struct db *db, const char *account_id, const char *app_id, const char *env,
                             json_t *envelope, int64_t ts)
{
    return emit_with_endpoint(db, account_id, app_id, env, &endpoint_deauthorization, envelope, ts);
}

int events_emit_bot(struct db *db, const char *account_id, const char *app_id, const char *env, json_t *payload)
{
    int64_t ts = clock_now_ms();
    return emit_with_endpoint(db, account_id, app_id, env, &endpoint_bot,
                              envelope_of(BOT_NOTIFICATION_EVENT, payload, ts), ts);
}
