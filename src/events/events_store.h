/* The store of events/: events, event_subscriptions (an app's event
 * subscriptions and its own endpoints), deliveries, delivery_attempts and
 * deauthorizations. Only this file's functions touch those tables.
 *
 * Rows that a function reads come back to a callback as structs whose strings
 * live until the callback returns; a callback that returns non-zero stops the
 * reading. Functions return 0 (or a count, an id, 1 for found) and -1 when the
 * store failed, unless they say otherwise. */
#ifndef PLAZA_EVENTS_STORE_H
#define PLAZA_EVENTS_STORE_H

#include "core/ids.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* ---- events ------------------------------------------------------------------- */

struct event_new {
    const char *account_id, *app_id, *event, *body;
    int64_t event_ts;   /* ms */
    int64_t created_at; /* s */
};

/* Stores an event: its id, or 0 when the store failed. */
int64_t event_store_insert(struct db *db, const struct event_new *ev);

/* ---- event_subscriptions ---------------------------------------------------------- */

struct subscription_row {
    const char *id, *app_id, *env, *name, *url, *events; /* events space-separated */
    const char *secret_token, *verification_token;       /* sealed */
    const char *state, *kind;
    int64_t validated_at, next_validation_at; /* 0 when never */
    int64_t failures, created_at, updated_at;
};
typedef int subscription_row_fn(const struct subscription_row *row, void *arg);

/* A new event subscription ("pending") or endpoint of the app ("active", kind set). */
struct subscription_new {
    const char *id, *app_id, *env, *name, *url, *events, *secret_token, *verification_token;
    const char *kind; /* NULL for an event subscription */
    int64_t now;
};
/* DB_DONE, DB_CONSTRAINT (an endpoint of that kind exists already) or DB_ERROR. */
int subscription_store_insert(struct db *db, const struct subscription_new *s);

/* Subscription `id` of the app: 1 after fn saw it, 0 when there is none. */
int subscription_store_get(struct db *db, const char *app_id, const char *id, subscription_row_fn *fn, void *arg);
/* Subscription `id` of any app: 1 after fn saw it, 0 when there is none, -1 when the store failed. */
int subscription_store_by_id(struct db *db, const char *id, subscription_row_fn *fn, void *arg);
/* The URL of each of the app's subscriptions and endpoints, oldest first: 0 or -1. */
int subscription_store_urls(struct db *db, const char *app_id, void (*fn)(const char *url, void *arg), void *arg);
/* The app's subscriptions, event subscriptions first, then its endpoints. */
int subscription_store_list(struct db *db, const char *app_id, subscription_row_fn *fn, void *arg);
/* The kind of subscription `id` of the app into kind (size bytes): 1, 0 when there is none. */
int subscription_store_kind(struct db *db, const char *app_id, const char *id, char *kind, size_t size);
/* How many event subscriptions the app has. */
int64_t subscription_store_count(struct db *db, const char *app_id);
/* The URL of subscription `id` (of the app, when app_id is not NULL): 1, 0 when there is none. */
int subscription_store_url(struct db *db, const char *app_id, const char *id, char url[2049]);

/* The fields given (NULL: unchanged); `revalidate` puts it back to "pending". */
struct subscription_change {
    const char *env, *name, *url, *events, *secret_token, *verification_token;
    int revalidate;
    int64_t now;
};
int subscription_store_update(struct db *db, const char *id, const struct subscription_change *c);
int subscription_store_delete(struct db *db, const char *id);

/* The outcome of a url_validation at `now` (s): passed, the next one due at
 * next_at; or failed, a first validation leaving it unvalidated and
 * `failures_max` failures in a row disabling it. */
int subscription_store_validation_passed(struct db *db, const char *id, int64_t now, int64_t next_at);
int subscription_store_validation_failed(struct db *db, const char *id, int failures_max, int64_t now,
                                         int64_t next_at);
/* Schedules the subscription's next revalidation. */
int subscription_store_next_validation(struct db *db, const char *id, int64_t at);

/* Where an event goes: a subscription (or endpoint), its app and URL. */
typedef int destination_fn(const char *subscription_id, const char *app_id, const char *url, void *arg);
/* The app's active event subscriptions that want `event`. */
int subscription_store_wanting(struct db *db, const char *app_id, const char *event, destination_fn *fn, void *arg);
/* An event for one app: its subscriptions that want it, and its endpoint of `kind` in `env`. */
struct endpoint_event {
    const char *app_id;
    const char *event;
    const char *kind; /* event_subscriptions.kind of the endpoint */
    const char *env;
};
/* The app's active event subscriptions that want `e->event`, then its endpoint of `e->kind` in `e->env` when it
 * wants it, in that order. */
int subscription_store_with_endpoint(struct db *db, const struct endpoint_event *e, destination_fn *fn, void *arg);
/* Up to 64 subscriptions whose revalidation is due at `now` (s) and not queued yet. */
int subscription_store_due_validations(struct db *db, int64_t now, destination_fn *fn, void *arg);

/* The app's endpoint of `kind` in `env`. */
struct endpoint_row {
    char id[ID_LEN], url[2049], state[16];
};
/* 1 with *out filled, 0 when the app has none. */
int endpoint_store_find(struct db *db, const char *app_id, const char *env, const char *kind,
                        struct endpoint_row *out);
/* The sealed tokens of the app's oldest event subscription in `env`, else of its endpoint there of a kind
 * other than `kind`: 1, 0 when it has neither. */
int endpoint_store_app_tokens(struct db *db, const char *app_id, const char *env, const char *kind,
                              char secret[256], char verification[256]);
int endpoint_store_disable(struct db *db, const char *id, int64_t now);
int endpoint_store_activate(struct db *db, const char *id, const char *url, int64_t now);

/* ---- deliveries ----------------------------------------------------------------- */

struct delivery_new {
    const char *subscription_id, *app_id, *event, *url, *body;
    int64_t event_id; /* 0 for a url_validation */
    int64_t next_at;  /* ms */
    int64_t created_at;
};
int delivery_store_insert(struct db *db, const struct delivery_new *d);

struct delivery_row {
    int64_t id, event_id; /* event_id 0 when none */
    const char *subscription_id, *app_id, *event, *url, *body, *status;
    const char *kind; /* the subscription's kind, NULL when it is gone */
    int64_t attempts, next_at, first_attempt_at, delivered_at, created_at; /* 0 when never */
};
typedef int delivery_row_fn(const struct delivery_row *row, void *arg);

struct delivery_query {
    const char *app_id, *event, *status, *subscription_id; /* NULL: any */
    int64_t after;                                         /* ids greater than this */
    int limit;
};
int delivery_store_list(struct db *db, const struct delivery_query *q, delivery_row_fn *fn, void *arg);
/* 1 after fn saw delivery `id`, 0 when there is none. */
int delivery_store_get(struct db *db, int64_t id, delivery_row_fn *fn, void *arg);
/* The newest delivery id of the app: 0 when it has none, -1 when the store failed. */
int64_t delivery_store_latest(struct db *db, const char *app_id);
/* Queues delivery `id` (not a url_validation `validation_event`) again, to its subscription's current URL: the
 * new delivery's id, 0 when there is no such delivery. */
int64_t delivery_store_redeliver(struct db *db, int64_t id, const char *validation_event, int64_t next_at,
                                 int64_t created_at);

/* Fails the subscription's queued deliveries (all of them, or only those other than `validation_event` when
 * the subscription is unvalidated or disabled). */
int delivery_store_fail_queued(struct db *db, const char *subscription_id);
int delivery_store_fail_unproven(struct db *db, const char *subscription_id, const char *validation_event);

/* The outcome of an attempt that started at `started` (ms). */
int delivery_store_delivered(struct db *db, int64_t id, int attempt, int64_t now, int64_t started);
int delivery_store_failed(struct db *db, int64_t id, int attempt, int64_t started);
int delivery_store_retry(struct db *db, int64_t id, int attempt, int64_t next_at, int64_t started);

/* A subscription with deliveries queued. */
struct queue_row {
    const char *id, *url, *app_id, *env, *kind;
    int active;
    int64_t due; /* its first queued delivery's next_at */
};
/* The subscriptions with something queued (a subscription that is not active: its url_validations), the one
 * whose oldest delivery is due first first. */
int delivery_store_queues(struct db *db, int (*fn)(const struct queue_row *q, void *arg), void *arg);

/* A claim of up to `room` of the subscription's due deliveries for this node. */
struct delivery_claim {
    const char *node_id, *url, *subscription_id;
    int active; /* 0: its url_validations only */
    int64_t lease_until, now;
    int room;
};
struct claimed_row {
    int64_t id;
    const char *event, *url, *body;
    int attempts;
};
/* Marks them "sending" and hands each to fn. */
int delivery_store_claim(struct db *db, const struct delivery_claim *c,
                         int (*fn)(const struct claimed_row *row, void *arg), void *arg);
/* Puts a claimed delivery back in the queue. */
int delivery_store_unclaim(struct db *db, int64_t id);
/* Queues again what is "sending": all of it (lease_before 0), or what a lease that ended before
 * `lease_before` held. How many, or -1. */
int64_t delivery_store_reclaim(struct db *db, int64_t lease_before);
/* When the subscription's next queued delivery falls due after `now`, 0 when none waits. */
int64_t delivery_store_next_due(struct db *db, const char *subscription_id, int active, int64_t now);
/* 1 when some delivery is queued or sending, 0 when none. */
int delivery_store_any_queued(struct db *db);

/* ---- delivery_attempts -------------------------------------------------------------- */

struct attempt_new {
    int64_t delivery_id;
    int n;
    int64_t started_at, duration_ms;
    const char *request_headers, *error, *response;
    int status_code;
};
int attempt_store_insert(struct db *db, const struct attempt_new *a);

struct attempt_row {
    int64_t delivery_id, n, started_at, duration_ms, status_code;
    const char *request_headers, *error, *response;
};
typedef int attempt_row_fn(const struct attempt_row *row, void *arg);
/* The delivery's attempts in order. */
int attempt_store_list(struct db *db, int64_t delivery_id, attempt_row_fn *fn, void *arg);
/* Up to 100 attempts whose secret header is recorded unredacted. */
int attempt_store_unredacted(struct db *db, attempt_row_fn *fn, void *arg);
int attempt_store_set_headers(struct db *db, int64_t delivery_id, int n, const char *request_headers);

/* ---- deauthorizations ---------------------------------------------------------------- */

struct deauth_new {
    const char *app_id, *client_id, *account_id, *user_id, *signature;
    int64_t deauthorized_at;
};
int deauth_store_insert(struct db *db, const struct deauth_new *d);

struct deauth_row {
    int64_t id;
    const char *app_id, *client_id, *account_id, *user_id, *signature;
    int64_t deauthorized_at, completed_at; /* completed_at 0 while open */
};
/* The newest deauthorization of the user and account by the app `client_id`: 1 after fn saw it, 0 when none. */
int deauth_store_newest(struct db *db, const char *client_id, const char *user_id, const char *account_id,
                        int (*fn)(const struct deauth_row *row, void *arg), void *arg);
/* Up to 1000 deauthorizations, of the app (all when app_id is NULL), oldest first. */
int deauth_store_list(struct db *db, const char *app_id, int (*fn)(const struct deauth_row *row, void *arg),
                      void *arg);
int deauth_store_complete(struct db *db, int64_t id, int64_t completed_at, int64_t compliance_id);

#endif
