/* One event loop's state, and the entry point h2o calls for each request. */
#ifndef PLAZA_DISPATCH_H
#define PLAZA_DISPATCH_H

#include <h2o.h>
#include <pthread.h>

struct db;
struct metrics_thread;

#define DISPATCH_TIMERS 32 /* distinct fault delays a thread can wait on */

struct http_thread {
    h2o_context_t ctx; /* first: h2o hands handlers &ctx, which is this struct */
    h2o_accept_ctx_t accept_ctx;
    struct {
        uint32_t ms;
        h2o_timeout_t timeout;
    } timers[DISPATCH_TIMERS];
    int ntimers;
    struct db *db;
    struct metrics_thread *metrics;
    h2o_socket_t *listener;
    /* HTTPS at Zoom's hostnames (prelude.c): the TLS port and the proxy */
    h2o_accept_ctx_t tls_accept_ctx;
    h2o_socket_t *tls_listener, *proxy_listener;
    int tls_fd, proxy_fd;
    h2o_timeout_t prelude_timeout;
    h2o_linklist_t preludes;
    uint64_t rid_prefix, rid_counter; /* request ids: random per thread, then counted */
    pthread_t tid;
    int fd, index;
};

int dispatch_request(h2o_handler_t *self, h2o_req_t *req);

/* The thread's timer for a delay of `ms`, made on first use; NULL when the
 * thread already has DISPATCH_TIMERS of them. */
h2o_timeout_t *dispatch_timer(struct http_thread *t, uint32_t ms);
/* Disposes the timers (at thread end, before the context). */
void dispatch_timers_dispose(struct http_thread *t);

#endif
