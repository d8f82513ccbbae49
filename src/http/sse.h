/* Server-sent events (text/event-stream) over h2o's streaming generator: a
 * stream polls its source on its thread's loop every SSE_POLL_MS, sends what
 * the source wrote, a `: keepalive` comment after SSE_KEEPALIVE_MS of
 * silence, and ends cleanly when the server stops. At most SSE_STREAMS_MAX
 * streams are open on a node. */
#ifndef PLAZA_HTTP_SSE_H
#define PLAZA_HTTP_SSE_H

#include "http/http.h"

#define SSE_STREAMS_MAX 64
#define SSE_POLL_MS 250
#define SSE_KEEPALIVE_MS 15000

/* The text a poll adds to the stream (malloc'd, owned by the stream). */
struct sse_out {
    char *p;
    size_t n, cap;
};
/* Appends one event: `event: <event>`, `id: <id>`, `data: <data>` (one line: data has no newline). */
void sse_event(struct sse_out *out, const char *event, const char *id, const char *data);

/* A source: poll(db, state, out) adds the events that happened since its
 * last call to `out`; non-zero ends the stream. `state` lives in the
 * request's pool, as long as the stream. */
typedef int sse_poll_fn(struct db *db, void *state, struct sse_out *out);

/* Answers the request with a stream of `poll`'s events (200, polled once at
 * once). -1 without answering when SSE_STREAMS_MAX are already open. */
int sse_start(struct http_req *r, sse_poll_fn *poll, void *state);

/* The Last-Event-ID a reconnecting client sends, as a number: -1 when absent or not one. */
int64_t sse_last_event_id(struct http_req *r);

#endif
