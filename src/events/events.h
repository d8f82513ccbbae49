/* Zoom's events (zoom-wire §3): the outbox. A change and the event it causes
 * are written in one transaction, so no event is lost and none is sent for a
 * change that did not happen. Delivery to subscriptions reads the outbox. */
#ifndef PLAZA_EVENTS_H
#define PLAZA_EVENTS_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* Appends an event inside the caller's transaction. `payload` (a reference is
 * taken and released) becomes the envelope's "payload"; the body is built in
 * Zoom's key order: {"event","payload","event_ts"}. `app_id` NULL means every
 * app subscribed for the account; otherwise that app only. 0 on success. */
int events_emit(struct db *db, const char *account_id, const char *app_id, const char *event, json_t *payload);

/* Appends an event whose envelope the caller built (for events whose key order
 * differs, like recording.completed); `event_ts` must be its "event_ts". */
int events_emit_envelope(struct db *db, const char *account_id, const char *app_id, const char *event,
                         json_t *envelope, int64_t event_ts);

#endif
