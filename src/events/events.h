/* Zoom's events and webhooks (zoom-wire §3): the outbox, event
 * subscriptions, and signed delivery with Zoom's retries. A change and the
 * event it causes are written in one transaction, together with one delivery
 * per matching subscription, so no event is lost and none is sent for a
 * change that did not happen. A worker thread sends due deliveries (libcurl
 * multi) and never blocks a request thread. */
#ifndef PLAZA_EVENTS_H
#define PLAZA_EVENTS_H

#include "core/err.h"
#include "core/ids.h"

#include <jansson.h>
#include <stdint.h>

struct db;
struct config;

/* ---- the outbox (events/outbox.c) ------------------------------------------- */

/* Appends an event inside the caller's transaction, and a delivery for each
 * active subscription that wants it. `payload` (a reference is taken and
 * released) becomes the envelope's "payload"; the body is built in Zoom's key
 * order: {"event","payload","event_ts"}. `app_id` NULL means every app that
 * serves the account (its developer's apps and the apps installed on it);
 * otherwise that app only. 0 on success. */
int events_emit(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *payload);

/* Appends an event whose envelope the caller built (for events whose key order
 * differs, like recording.completed); `event_ts` must be its "event_ts". */
int events_emit_envelope(struct db *db, const char *account_id, const char *app_id, const char *event,
                         json_t *envelope, int64_t event_ts);

/* While on (this thread only), events_emit and events_emit_envelope store
 * nothing and succeed: a meeting replayed in the past is history, and Zoom
 * sends no webhooks for what happened before now. */
void events_hold(int on);
/* While not 0 (this thread only), events_emit stamps events at `ms` instead of
 * the virtual now: a meeting's end is stamped when it ended, not after its
 * recording was rendered. */
void events_stamp(int64_t ms);

#define DEAUTHORIZED_EVENT "app_deauthorized"

/* Appends app_deauthorized (zoom-wire §3.6) for the app's install in `env`
 * ("development" or "production"), inside the caller's transaction: one
 * delivery per destination URL, to the app's event subscriptions that want it
 * and to its Deauthorization Notification Endpoint (features
 * deauthorization_url), which needs no subscription and no URL validation.
 * Where both have one URL, it goes once, through the subscription.
 * `envelope` is taken. 0 on success. */
int events_emit_deauthorized(struct db *db, const char *account_id, const char *app_id, const char *env,
                             json_t *envelope, int64_t event_ts);

#define BOT_NOTIFICATION_EVENT "bot_notification"

/* Appends bot_notification (a user wrote to a chatbot) for the app's bot in
 * `env`, inside the caller's transaction: one delivery per destination URL,
 * to the app's event subscriptions that want it and to its Bot endpoint URL
 * (features bot_endpoint_url), which needs no subscription and no URL
 * validation. Where both have one URL, it goes once, through the
 * subscription. `payload` is taken. 0 on success. */
int events_emit_bot(struct db *db, const char *account_id, const char *app_id, const char *env, json_t *payload);

/* 1 when plaza knows the event type (the ones it emits). */
int events_known(const char *event);

/* The URLs of an app's subscriptions and endpoints, oldest first, for
 * market/'s domain verification (domains_webhook_urls_from). 0 or -1. */
int events_subscription_urls(struct db *db, const char *app_id, void (*fn)(const char *url, void *arg), void *arg);

/* ---- subscriptions (events/subscriptions.c) --------------------------------- */

#define SUBSCRIPTIONS_MAX 20 /* per app, Zoom's limit */
#define SUBSCRIPTION_EVENTS_MAX 64
#define WEBHOOK_TOKEN_LEN 23 /* 22 characters, like Zoom's secret tokens */

struct subscription_input {
    const char *app_id, *env, *name, *url, *secret_token, *verification_token;
    int has_events, nevents;
    const char *events[SUBSCRIPTION_EVENTS_MAX];
};

/* Creates a subscription (state "pending") and queues its url_validation. */
int subscription_create(struct db *db, const struct subscription_input *in, json_t **out, struct perr *e);
int subscription_get(struct db *db, const char *app_id, const char *id, json_t **out, struct perr *e);
int subscription_list(struct db *db, const char *app_id, json_t **out, struct perr *e);
/* A changed URL (or tokens) is validated again before events flow. */
int subscription_update(struct db *db, const char *app_id, const char *id, const struct subscription_input *in,
                        json_t **out, struct perr *e);
int subscription_delete(struct db *db, const char *app_id, const char *id, struct perr *e);
/* Queues a url_validation now. */
int subscription_validate(struct db *db, const char *app_id, const char *id, struct perr *e);

/* ---- deliveries (events/deliveries.c) ---------------------------------------- */

struct delivery_filter {
    const char *app_id, *event, *status, *subscription_id;
    int64_t after; /* ids greater than this (for tails); 0 from the start */
    int limit;     /* 1..200 */
};

int deliveries_list(struct db *db, const struct delivery_filter *f, json_t **out, struct perr *e);
int delivery_get(struct db *db, int64_t id, json_t **out, struct perr *e);
/* Sends the same event to the same subscription again, as a new delivery. */
int delivery_redeliver(struct db *db, int64_t id, json_t **out, struct perr *e);

/* ---- a live tail of an app's deliveries (events/tail.c) ---------------------- */

#define TAIL_TRACKED_MAX 64 /* deliveries still under way whose changes a tail follows */
#define TAIL_BATCH 100      /* deliveries read per poll */

struct tail_tracked {
    int64_t id, attempts;
    char status[12];
};
/* What a tail has announced: the newest delivery, and the deliveries still
 * under way (pending, sending, retrying), whose changes it announces too. */
struct delivery_tail {
    char app_id[ID_LEN];
    int64_t cursor; /* the newest delivery announced: a resumed tail starts after it */
    int ntracked;
    struct tail_tracked tracked[TAIL_TRACKED_MAX];
};
/* Called with each delivery (as delivery_get renders it, borrowed) that is
 * new since the last poll, or whose status or attempts changed; `cursor` is
 * the tail's after it. */
typedef void delivery_tail_fn(json_t *delivery, int64_t cursor, void *arg);
/* Starts the tail of the app's deliveries after `after` (-1: after the newest there is now). 0 or -1. */
int delivery_tail_start(struct db *db, struct delivery_tail *t, const char *app_id, int64_t after);
/* One poll of the tail: 0, or -1 when the store failed (nothing announced). */
int delivery_tail_poll(struct db *db, struct delivery_tail *t, delivery_tail_fn *fn, void *arg);

/* ---- the worker (events/worker.c) -------------------------------------------- */

/* Starts the delivery thread with its own store connection. 0 on success. */
int webhooks_start(const struct config *cfg);
/* Stops it (in-flight transfers are abandoned; their deliveries are sent again at the next start). */
void webhooks_stop(void);
/* Tells the worker that deliveries may have become due (a change was committed, the clock moved). */
void webhooks_wake(void);

/* Zoom's signature (§3.2): "v0=" + hex HMAC-SHA256(secret, "v0:" + ts + ":" + body). */
void webhook_signature(const char *secret, int64_t ts, const char *body, size_t len, char out[68]);

#endif
