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

/* Queues a delivery (event_id 0 for a url_validation) due at `next_at` ms. */
int delivery_enqueue(struct db *db, const char *subscription_id, const char *app_id, int64_t event_id,
                     const char *event, const char *url, const char *body, int64_t next_at);

/* Queues a url_validation of the subscription with a fresh plainToken. */
int validation_enqueue(struct db *db, const char *subscription_id, const char *app_id, const char *url);

/* The app's Deauthorization Notification Endpoint (its features'
 * deauthorization_url) in environment `env`, as a destination of
 * app_deauthorized: an event_subscriptions row of kind 'deauthorization',
 * made when first needed (with the tokens of the app's oldest subscription in
 * that environment, or new ones), its URL kept to the app's current one, and
 * disabled (its queued deliveries failed) when the app has none any more.
 * Within the caller's transaction, if any. 1 with `id` filled when the
 * endpoint is active, 0 when the app has none, -1 when the store failed. */
int deauthorization_endpoint_sync(struct db *db, const char *app_id, const char *env, char id[ID_LEN]);

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
