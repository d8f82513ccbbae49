/* Writing events into the outbox (the `events` table). */
#include "events/events.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"

#include <stdlib.h>
#include <string.h>

int events_emit(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *payload)
{
    int64_t ts = clock_now_ms();
    json_t *env = json_object();
    json_object_set_new(env, "event", json_string(event));
    json_object_set_new(env, "payload", payload);
    json_object_set_new(env, "event_ts", json_integer(ts));
    return events_emit_envelope(db, account_id, app_id, event, env, ts);
}

int events_emit_envelope(struct db *db, const char *account_id, const char *app_id, const char *event,
                         json_t *env, int64_t ts)
{
    char *body = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    if (!body)
        return -1;
    int rc = db_run(db,
                    "INSERT INTO events (account_id, app_id, event, body, event_ts, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    "ssssii", account_id, app_id, event, body, ts, ts / 1000);
    free(body);
    if (rc != DB_DONE) {
        log_error("events: storing %s failed", event);
        return -1;
    }
    return 0;
}
