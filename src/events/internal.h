/* What the files of events/ share and nobody else calls. */
#ifndef PLAZA_EVENTS_INTERNAL_H
#define PLAZA_EVENTS_INTERNAL_H

#include "events/events.h"

#define VALIDATION_EVENT "endpoint.url_validation"
#define REVALIDATE_EVERY_S (72 * 3600) /* zoom-wire §3.3 */
#define VALIDATION_FAILURES_MAX 6     /* consecutive failures before a subscription is disabled */

/* The body of a webhook: compact JSON exactly as JavaScript's JSON.stringify
 * writes it (numbers, \u escapes, integer-like keys first; events/render.c).
 * Reorders env's integer-like keys in place. The caller frees; NULL when out
 * of memory. */
char *webhook_body(json_t *env);

/* Queues a delivery (event_id 0 for a url_validation) due at `next_at` ms. */
int delivery_enqueue(struct db *db, const char *subscription_id, const char *app_id, int64_t event_id,
                     const char *event, const char *url, const char *body, int64_t next_at);

/* Queues a url_validation of the subscription with a fresh plainToken. */
int validation_enqueue(struct db *db, const char *subscription_id, const char *app_id, const char *url);

/* A subscription's decrypted tokens and the client id its deliveries carry. */
struct sub_secrets {
    char secret[128], verification[128], client_id[ID_LEN], state[12];
    int failures;
};
int subscription_secrets(struct db *db, const char *subscription_id, struct sub_secrets *out);

/* The outcome of a url_validation, applied to the subscription. */
void subscription_validated(struct db *db, const char *subscription_id, int ok);

#endif
