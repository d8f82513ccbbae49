/* The outbox: events, and the deliveries they fan out to, written in the
 * transaction of the change that caused them. */
#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "events/internal.h"

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
    "app_deauthorized", NULL,
};

int events_known(const char *event)
{
    for (const char *const *k = known_events; *k; k++)
        if (strcmp(*k, event) == 0)
            return 1;
    return 0;
}

int events_emit(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *payload)
{
    int64_t ts = clock_now_ms();
    json_t *env = json_object();
    json_object_set_new(env, "event", json_string(event));
    json_object_set_new(env, "payload", payload);
    json_object_set_new(env, "event_ts", json_integer(ts));
    return events_emit_envelope(db, account_id, app_id, event, env, ts);
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

int events_emit_envelope(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *env,
                         int64_t ts)
{
    /* the body survives JSON.stringify(JSON.parse(body)) (§3.2) */
    char *body = webhook_body(env);
    json_decref(env);
    if (!body)
        return -1;
    int rc = -1;
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO events (account_id, app_id, event, body, event_ts, created_at) VALUES "
                                  "(?, ?, ?, ?, ?, ?) RETURNING id",
                                  "ssssii", account_id, app_id, event, body, ts, ts / 1000);
    int64_t id = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    if (!id) {
        log_error("events: storing %s failed", event);
        goto out;
    }
    /* the subscriptions that want it: of the apps serving the account (their developer's apps and the apps
     * installed on it), or of the one app it is for */
    st = app_id ? db_query(db,
                           "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' AND app_id = ? "
                           "AND (' ' || events || ' ') LIKE ('% ' || ? || ' %')",
                           "ss", app_id, event)
                : db_query(db,
                           "SELECT id, app_id, url FROM event_subscriptions WHERE state = 'active' "
                           "AND (' ' || events || ' ') LIKE ('% ' || ? || ' %') AND app_id IN ("
                           "SELECT id FROM apps WHERE account_id = ? UNION "
                           "SELECT app_id FROM installs WHERE account_id = ? AND revoked_at IS NULL)",
                           "sss", event, account_id, account_id);
    if (!st)
        goto out;
    /* copy the matches first: the statement is reset before the inserts */
    struct match {
        char id[ID_LEN], app[ID_LEN], url[2049];
    } *m = NULL;
    size_t n = 0;
    while (db_step(st) == DB_ROW) {
        struct match *grown = realloc(m, sizeof *m * (n + 1));
        if (!grown)
            break;
        m = grown;
        db_copy(st, 0, m[n].id, sizeof m[n].id);
        db_copy(st, 1, m[n].app, sizeof m[n].app);
        db_copy(st, 2, m[n].url, sizeof m[n].url);
        n++;
    }
    db_done(st);
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = delivery_enqueue(db, m[i].id, m[i].app, id, event, m[i].url, body, ts);
    free(m);
out:
    free(body);
    return rc;
}
