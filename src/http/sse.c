/* Server-sent event streams. h2o's rule for a streaming generator: after
 * h2o_send, nothing more is sent until h2o calls proceed; stop means the
 * client went away. The stream lives in the request's pool and its dispose
 * callback (the pool's end, whatever the cause) unlinks its timer, frees its
 * buffers and gives back its slot. */
#include "http/sse.h"
#include "core/log.h"
#include "http/dispatch.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_int open_streams; /* on this node, every thread's */

struct sse_stream {
    h2o_generator_t gen; /* first: h2o hands it back to proceed and stop */
    h2o_timeout_entry_t tick;
    struct http_req *r;
    sse_poll_fn *poll;
    void *state;
    struct sse_out pending; /* built by polls, not sent yet */
    char *inflight;         /* sent, h2o's until proceed */
    int busy;               /* a send waits for proceed */
    int ending, ended;      /* the last send is due, or made (or the client left) */
    uint32_t quiet_ms;
};

static void out_append(struct sse_out *o, const char *s, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 1024;
        while (cap < o->n + n + 1)
            cap *= 2;
        char *p = realloc(o->p, cap);
        if (!p)
            return; /* the event is lost; the stream goes on */
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = '\0';
}

static void out_puts(struct sse_out *o, const char *s) { out_append(o, s, strlen(s)); }

void sse_event(struct sse_out *out, const char *event, const char *id, const char *data)
{
    out_puts(out, "event: ");
    out_puts(out, event);
    out_puts(out, "\nid: ");
    out_puts(out, id);
    out_puts(out, "\ndata: ");
    out_puts(out, data);
    out_puts(out, "\n\n");
}

int64_t sse_last_event_id(struct http_req *r)
{
    ssize_t i = h2o_find_header_by_str(&r->h->headers, H2O_STRLIT("last-event-id"), -1);
    if (i < 0)
        return -1;
    h2o_iovec_t v = r->h->headers.entries[i].value;
    char buf[24];
    if (v.len == 0 || v.len >= sizeof buf)
        return -1;
    memcpy(buf, v.base, v.len);
    buf[v.len] = '\0';
    char *end;
    long long n = strtoll(buf, &end, 10);
    return *end || n < 0 ? -1 : (int64_t)n;
}

/* Hands what is pending to h2o (the final send when ending). */
static void flush(struct sse_stream *s)
{
    if (s->busy || s->ended)
        return;
    h2o_iovec_t buf = h2o_iovec_init(s->pending.p, s->pending.n);
    s->inflight = s->pending.p;
    s->pending = (struct sse_out){0};
    s->busy = 1;
    s->ended = s->ending;
    h2o_send(s->r->h, &buf, buf.base ? 1 : 0, s->ending ? H2O_SEND_STATE_FINAL : H2O_SEND_STATE_IN_PROGRESS);
}

static void link_tick(struct sse_stream *s)
{
    h2o_timeout_t *timer = dispatch_timer(s->r->thread, SSE_POLL_MS);
    if (timer)
        h2o_timeout_link(s->r->thread->ctx.loop, timer, &s->tick);
}

static void on_tick(h2o_timeout_entry_t *entry)
{
    struct sse_stream *s = H2O_STRUCT_FROM_MEMBER(struct sse_stream, tick, entry);
    if (s->ended)
        return;
    if (s->r->thread->ctx.shutdown_requested)
        s->ending = 1;
    else if (!s->busy) {
        if (s->poll(s->r->db, s->state, &s->pending) != 0)
            s->ending = 1;
        s->quiet_ms += SSE_POLL_MS;
        if (s->pending.n == 0 && s->quiet_ms >= SSE_KEEPALIVE_MS)
            out_puts(&s->pending, ": keepalive\n\n");
    }
    if (s->pending.n || s->ending) {
        s->quiet_ms = 0;
        flush(s);
    }
    if (!s->ended)
        link_tick(s);
}

static void on_proceed(h2o_generator_t *gen, h2o_req_t *req)
{
    (void)req;
    struct sse_stream *s = (struct sse_stream *)gen;
    free(s->inflight);
    s->inflight = NULL;
    s->busy = 0;
    if (s->ending && !s->ended)
        flush(s);
}

static void on_stop(h2o_generator_t *gen, h2o_req_t *req)
{
    (void)req;
    struct sse_stream *s = (struct sse_stream *)gen;
    s->ended = 1;
    if (h2o_timeout_is_linked(&s->tick))
        h2o_timeout_unlink(&s->tick);
}

static void on_dispose(void *p)
{
    struct sse_stream *s = p;
    if (h2o_timeout_is_linked(&s->tick))
        h2o_timeout_unlink(&s->tick);
    free(s->inflight);
    free(s->pending.p);
    atomic_fetch_sub(&open_streams, 1);
}

int sse_start(struct http_req *r, sse_poll_fn *poll, void *state)
{
    if (atomic_fetch_add(&open_streams, 1) >= SSE_STREAMS_MAX) {
        atomic_fetch_sub(&open_streams, 1);
        return -1;
    }
    struct sse_stream *s = h2o_mem_alloc_shared(&r->h->pool, sizeof *s, on_dispose);
    memset(s, 0, sizeof *s);
    s->gen.proceed = on_proceed;
    s->gen.stop = on_stop;
    s->tick.cb = on_tick;
    s->r = r;
    s->poll = poll;
    s->state = state;
    http_add_header(r, H2O_TOKEN_CONTENT_TYPE, "text/event-stream; charset=utf-8");
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    r->status = 200;
    r->h->res.status = 200;
    r->h->res.reason = "OK";
    h2o_start_response(r->h, &s->gen);
    out_puts(&s->pending, ": plaza event stream\n\n"); /* the head goes out now, before any event */
    if (poll(r->db, state, &s->pending) != 0)
        s->ending = 1;
    flush(s);
    if (!s->ended)
        link_tick(s);
    return 0;
}
