/* Counters for /metrics (Prometheus text format). Request counters are kept
 * per thread (only the owner writes; /metrics sums them), domain counters are
 * process-wide atomics. */
#ifndef PLAZA_METRICS_H
#define PLAZA_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct metrics_thread;

enum metric_counter {
    METRIC_TOKENS_AUTHORIZATION_CODE,
    METRIC_TOKENS_REFRESH_TOKEN,
    METRIC_TOKENS_ACCOUNT_CREDENTIALS,
    METRIC_TOKENS_CLIENT_CREDENTIALS,
    METRIC_COUNTERS
};

/* `labels[i]` names route i ("GET /v2/users/{userId}"); one extra slot counts
 * requests that matched no route. Call once before threads start. */
int metrics_init(size_t nroutes, const char *const *labels);
void metrics_free(void);

struct metrics_thread *metrics_thread_new(void); /* freed by metrics_free */

void metrics_request(struct metrics_thread *m, size_t route, int status, int64_t micros);
void metrics_count(enum metric_counter c);

/* The whole exposition, malloc'd (caller frees); NULL when out of memory. */
char *metrics_render(size_t *len);

#endif
