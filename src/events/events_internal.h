/* What the files of events/ share and nobody else calls. */
#ifndef PLAZA_EVENTS_INTERNAL_H
#define PLAZA_EVENTS_INTERNAL_H

#include "events/events.h"

#define VALIDATION_EVENT "endpoint.url_validation"
#define REVALIDATE_EVERY_S (72 * 3600) /* zoom-wire §3.3 */
#define VALIDATION_FAILURES_MAX 6     /* consecutive failures before a subscription is disabled */

/* What the attempts log keeps of a secret header (the verification token in
 * `authorization`): it is sent, never stored or shown. */
#define DELIVERY_REDACTED "[redacted]"
#define DELIVERY_SECRET_HEADER "authorization"

/* Redacts the secret header of attempts recorded before plaza redacted them.
 * Returns how many were rewritten, or -1 when the store failed. */
int delivery_attempts_scrub(struct db *db);

/* The body of a webhook: compact JSON exactly as JavaScript's JSON.stringify
 * writes it (numbers, \u escapes, integer-like keys first; events/render.c).
 * Reorders env's integer-like keys in place. The caller frees; NULL when out
 * of memory. */
char *webhook_body(json_t *env);

struct delivery_new;
/* Queues a delivery (event_id 0 for a url_validation) due at its next_at ms;
 * created_at is set to now, whatever `d` holds. */
int delivery_enqueue(struct db *db, const struct delivery_new *d);

/* Queues a url_validation of the subscription with a fresh plainToken. */
int validation_enqueue(struct db *db, const char *subscription_id, const char *app_id, const char *url);

/* An app's own endpoints: a URL of its features that receives one event
 * whether or not an event subscription wants it, with no url_validation. Each
 * is an event_subscriptions row of its kind, one per app and environment. */
struct endpoint_kind {
    const char *kind;  /* event_subscriptions.kind */
    const char *field; /* the features field that holds its URL */
    const char *event; /* what it receives */
    const char *name;  /* its name in the app's subscriptions */
    const char *shown; /* the subscription's `kind` and its deliveries' `destination` */
};

/* The Deauthorization Notification Endpoint URL (features deauthorization_url): app_deauthorized. */
extern const struct endpoint_kind endpoint_deauthorization;
/* A chatbot's Bot endpoint URL (features bot_endpoint_url): bot_notification. */
extern const struct endpoint_kind endpoint_bot;

/* The endpoint kind of event_subscriptions.kind `kind`; NULL for an event subscription. */
const struct endpoint_kind *endpoint_kind_of(const char *kind);

/* The app's endpoint of kind `k` in environment `env`, as a destination of
 * its event: made when first needed (with the tokens of the app's oldest
 * event subscription in that environment, else of its other endpoint there,
 * else new ones), its URL kept to the app's current one, and disabled (its
 * queued deliveries failed) when the app has none any more. Within the
 * caller's transaction, if any. 1 with `id` filled when the endpoint is
 * active, 0 when the app has none, -1 when the store failed. */
int endpoint_sync(struct db *db, const char *app_id, const char *env, const struct endpoint_kind *k, char id[ID_LEN]);

/* A subscription's decrypted tokens and the client id its deliveries carry. */
struct sub_secrets {
    char secret[128], verification[128], client_id[ID_LEN], state[12];
    int failures;
};
int subscription_secrets(struct db *db, const char *subscription_id, struct sub_secrets *out);

/* The outcome of a url_validation, applied to the subscription (within the
 * caller's transaction). 0 on success, -1 when the store failed. */
int subscription_validated(struct db *db, const char *subscription_id, int ok);

#endif
