/* The outbox: events, and the deliveries they fan out to, written in the
 * transaction of the change that caused them. */
#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "events/events_internal.h"
#include "events/events_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_events[] = {
    "meeting.created", "meeting.updated", "meeting.deleted", "meeting.recovered", "meeting.started", "meeting.ended",
    "user.updated", "user.settings_updated",
    "meeting.participant_joined", "meeting.participant_left", "meeting.registration_created",
    "meeting.registration_approved", "meeting.registration_denied", "meeting.registration_cancelled",
    "webinar.created", "webinar.updated", "webinar.deleted", "webinar.started", "webinar.ended",
    "webinar.participant_joined", "webinar.participant_left",
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

/* Set while this thread writes what happened at an earlier instant (events_stamp). */
static _Thread_local int64_t stamp_ms;

void events_stamp(int64_t ms) { stamp_ms = ms; }

int events_emit(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *payload)
{
    int64_t ts = stamp_ms ? stamp_ms : clock_now_ms();
    return events_emit_envelope(db, account_id, app_id, event, envelope_of(event, payload, ts), ts);
}

int delivery_enqueue(struct db *db, const struct delivery_new *d)
{
    struct delivery_new now = *d;
    now.created_at = clock_now();
    return delivery_store_insert(db, &now);
}

/* An event about to be stored: whose it is, what and when (ms). */
struct event_origin {
    const char *account_id;
    const char *app_id;
    const char *event;
    int64_t ts;
};

/* Stores the event with envelope `env` (taken): its id, and its body in *body (the caller frees), 0 on failure. */
static int64_t store_event(struct db *db, const struct event_origin *o, json_t *env, char **body)
{
    const char *event = o->event;
    /* the body survives JSON.stringify(JSON.parse(body)) (§3.2) */
    *body = webhook_body(env);
    json_decref(env);
    if (!*body) {
        log_error("events: out of memory writing %s", event);
        return 0;
    }
    struct event_new ev = {o->account_id, o->app_id, event, *body, o->ts, o->ts / 1000};
    int64_t id = event_store_insert(db, &ev);
    if (!id)
        log_error("events: storing %s failed", event);
    return id;
}

/* The destinations of an event, one per URL when once_per_url is set. */
struct matches {
    struct match {
        char id[ID_LEN], app[ID_LEN], url[2049];
    } *m;
    size_t n;
    int once_per_url, out_of_memory;
    const char *event;
};

static int add_match(const char *subscription_id, const char *app_id, const char *url, void *arg)
{
    struct matches *ms = arg;
    for (size_t i = 0; ms->once_per_url && i < ms->n; i++)
        if (strcmp(ms->m[i].url, url) == 0)
            return 0;
    struct match *grown = realloc(ms->m, sizeof *ms->m * (ms->n + 1));
    if (!grown) {
        log_error("events: out of memory fanning out %s", ms->event);
        ms->out_of_memory = 1;
        return 1;
    }
    ms->m = grown;
    struct match *m = &ms->m[ms->n++];
    snprintf(m->id, sizeof m->id, "%s", subscription_id ? subscription_id : "");
    snprintf(m->app, sizeof m->app, "%s", app_id ? app_id : "");
    snprintf(m->url, sizeof m->url, "%s", url ? url : "");
    return 0;
}

/* Queues a delivery of event `id` for each destination found (`found` is 0 when they were all read), and frees
 * them. 0 on success. */
static int fan_out(struct db *db, struct matches *ms, int found, int64_t id, const char *body, int64_t ts)
{
    /* a destination left out is an event lost: the change fails with it */
    int rc = found != 0 || ms->out_of_memory ? -1 : 0;
    for (size_t i = 0; i < ms->n && rc == 0; i++) {
        struct delivery_new d = {.subscription_id = ms->m[i].id,
                                 .app_id = ms->m[i].app,
                                 .event = ms->event,
                                 .url = ms->m[i].url,
                                 .body = body,
                                 .event_id = id,
                                 .next_at = ts};
        rc = delivery_enqueue(db, &d);
    }
    free(ms->m);
    return rc;
}

struct serving {
    struct db *db;
    const char *event;
    struct matches *ms;
    int failed;
};

static int subscriptions_of_app(const char *app_id, void *arg)
{
    struct serving *s = arg;
    if (subscription_store_wanting(s->db, app_id, s->event, add_match, s->ms) < 0)
        s->failed = 1;
    return s->failed || s->ms->out_of_memory;
}

/* The subscriptions that want `event` of the apps serving the account: its developer's apps and the apps
 * installed on it. */
static int serving_subscriptions(struct db *db, const char *account_id, const char *event, struct matches *ms)
{
    struct serving s = {db, event, ms, 0};
    return market_apps_serving(db, account_id, subscriptions_of_app, &s) != 0 || s.failed ? -1 : 0;
}

/* Set while this thread writes history replayed in the past (events_hold). */
static _Thread_local int held;

void events_hold(int on) { held = on; }

int events_emit_envelope(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *env,
                         int64_t ts)
{
    if (held) {
        json_decref(env);
        return 0;
    }
    char *body;
    struct event_origin origin = {account_id, app_id, event, ts};
    int64_t id = store_event(db, &origin, env, &body);
    int rc = -1;
    if (!id)
        goto out;
    /* the subscriptions that want it: of the apps serving the account, or of the one app it is for */
    struct matches ms = {.event = event};
    int found = app_id ? subscription_store_wanting(db, app_id, event, add_match, &ms)
                       : serving_subscriptions(db, account_id, event, &ms);
    rc = fan_out(db, &ms, found, id, body, ts);
out:
    free(body);
    return rc;
}

/* Where an endpoint's event goes: the account and app it is about, and the app's endpoint of kind `k` in `env`. */
struct endpoint_target {
    const char *account_id;
    const char *app_id;
    const char *env;
    const struct endpoint_kind *k;
};

/* An event for the app's subscriptions that want it and for its endpoint of kind `t->k` in `t->env`, one delivery
 * per URL. `envelope` is taken. */
static int emit_with_endpoint(struct db *db, const struct endpoint_target *t, json_t *envelope, int64_t ts)
{
    const char *app_id = t->app_id, *env = t->env;
    const struct endpoint_kind *k = t->k;
    char endpoint[ID_LEN];
    if (endpoint_sync(db, app_id, env, k, endpoint) < 0) {
        json_decref(envelope);
        log_error("events: reading the %s of app %s failed", k->name, app_id);
        return -1;
    }
    char *body;
    struct event_origin origin = {t->account_id, app_id, k->event, ts};
    int64_t id = store_event(db, &origin, envelope, &body);
    if (!id) {
        free(body);
        return -1;
    }
    /* the app's event subscriptions that want it, then its endpoint in this environment; one delivery per URL,
     * through a subscription when one has that URL (its secret token is what the receiver there verifies with) */
    struct matches ms = {.event = k->event, .once_per_url = 1};
    struct endpoint_event wanted = {app_id, k->event, k->kind, env};
    int found = subscription_store_with_endpoint(db, &wanted, add_match, &ms);
    int rc = fan_out(db, &ms, found, id, body, ts);
    free(body);
    return rc;
}

int events_emit_deauthorized(struct db *db, const char *account_id, const char *app_id, const char *env,
                             json_t *envelope, int64_t ts)
{
    struct endpoint_target t = {account_id, app_id, env, &endpoint_deauthorization};
    return emit_with_endpoint(db, &t, envelope, ts);
}

int events_emit_bot(struct db *db, const char *account_id, const char *app_id, const char *env, json_t *payload)
{
    int64_t ts = clock_now_ms();
    struct endpoint_target t = {account_id, app_id, env, &endpoint_bot};
    return emit_with_endpoint(db, &t, envelope_of(BOT_NOTIFICATION_EVENT, payload, ts), ts);
}
