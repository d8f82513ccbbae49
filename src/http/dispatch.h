/* One event loop's state, and the entry point h2o calls for each request. */
#ifndef PLAZA_DISPATCH_H
#define PLAZA_DISPATCH_H

#include <h2o.h>
#include <pthread.h>

struct db;
struct metrics_thread;

struct http_thread {
    h2o_context_t ctx; /* first: h2o hands handlers &ctx, which is this struct */
    h2o_accept_ctx_t accept_ctx;
    struct db *db;
    struct metrics_thread *metrics;
    h2o_socket_t *listener;
    pthread_t tid;
    int fd, index;
};

int dispatch_request(h2o_handler_t *self, h2o_req_t *req);

#endif
