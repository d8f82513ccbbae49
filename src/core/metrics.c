/* Prometheus counters. Each thread owns a table it alone writes with relaxed
 * atomic stores; the renderer reads every table with relaxed loads. */
#include "core/metrics.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 64

static const int statuses[] = {200, 201, 204, 301, 302, 303, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500};
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1) /* + "other" */

static const double buckets_s[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
#define NBUCKET (sizeof buckets_s / sizeof buckets_s[0] + 1) /* + "+Inf" */

struct route_counters {
    _Atomic uint64_t by_status[NSTATUS];
    _Atomic uint64_t by_bucket[NBUCKET];
    _Atomic uint64_t sum_us;
};

struct metrics_thread {
    struct route_counters *routes; /* nroutes + 1 */
};

static size_t nroutes;
static const char *const *route_labels;
static struct metrics_thread *threads[MAX_THREADS];
static _Atomic int nthreads;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t counters[METRIC_COUNTERS];

int metrics_init(size_t n, const char *const *labels)
{
    nroutes = n;
    route_labels = labels;
    return 0;
}

void metrics_free(void)
{
    for (int i = 0; i < nthreads; i++) {
        free(threads[i]->routes);
        free(threads[i]);
        threads[i] = NULL;
    }
    nthreads = 0;
}

struct metrics_thread *metrics_thread_new(void)
{
    struct metrics_thread *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->routes = calloc(nroutes + 1, sizeof *m->routes);
    pthread_mutex_lock(&lock);
    int ok = m->routes && nthreads < MAX_THREADS;
    if (ok)
        threads[atomic_fetch_add(&nthreads, 1)] = m;
    pthread_mutex_unlock(&lock);
    if (!ok) {
        free(m->routes);
        free(m);
        return NULL;
    }
    return m;
}

static void bump(_Atomic uint64_t *c, uint64_t by)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + by, memory_order_relaxed);
}

void metrics_request(struct metrics_thread *m, size_t route, int status, int64_t micros)
{
    if (!m)
        return;
    struct route_counters *rc = &m->routes[route < nroutes ? route : nroutes];
    size_t s = 0;
    while (s < NSTATUS - 1 && statuses[s] != status)
        s++;
    bump(&rc->by_status[s], 1);
    size_t b = 0;
    while (b < NBUCKET - 1 && (double)micros / 1e6 > buckets_s[b])
        b++;
    bump(&rc->by_bucket[b], 1);
    bump(&rc->sum_us, micros < 0 ? 0 : (uint64_t)micros);
}

void metrics_count(enum metric_counter c) { atomic_fetch_add_explicit(&counters[c], 1, memory_order_relaxed); }

struct buf {
    char *p;
    size_t len, cap;
    int failed;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
}

static uint64_t sum(size_t route, size_t off_status, size_t off_bucket, int what)
{
    uint64_t total = 0;
    int n = atomic_load(&nthreads);
    for (int t = 0; t < n; t++) {
        struct route_counters *rc = &threads[t]->routes[route];
        _Atomic uint64_t *c = what == 0 ? &rc->by_status[off_status] : what == 1 ? &rc->by_bucket[off_bucket] : &rc->sum_us;
        total += atomic_load_explicit(c, memory_order_relaxed);
    }
    return total;
}

char *metrics_render(size_t *len)
{
    struct buf b = {malloc(16384), 0, 16384, 0};
    if (!b.p)
        return NULL;
    static const char *names[METRIC_COUNTERS] = {"authorization_code", "refresh_token", "account_credentials",
                                                 "client_credentials"};
    put(&b, "# HELP plaza_tokens_issued_total Access tokens issued, by grant type.\n"
            "# TYPE plaza_tokens_issued_total counter\n");
    for (int c = 0; c < METRIC_COUNTERS; c++)
        put(&b, "plaza_tokens_issued_total{grant_type=\"%s\"} %llu\n", names[c],
            (unsigned long long)atomic_load(&counters[c]));

    put(&b, "# HELP plaza_http_requests_total HTTP requests, by route and status.\n"
            "# TYPE plaza_http_requests_total counter\n");
    for (size_t r = 0; r <= nroutes; r++) {
        const char *label = r < nroutes ? route_labels[r] : "unmatched";
        for (size_t s = 0; s < NSTATUS; s++) {
            uint64_t v = sum(r, s, 0, 0);
            if (v == 0)
                continue;
            if (s < NSTATUS - 1)
                put(&b, "plaza_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n", label, statuses[s],
                    (unsigned long long)v);
            else
                put(&b, "plaza_http_requests_total{route=\"%s\",status=\"other\"} %llu\n", label,
                    (unsigned long long)v);
        }
    }
    put(&b, "# HELP plaza_http_request_duration_seconds Time to handle a request, by route.\n"
            "# TYPE plaza_http_request_duration_seconds histogram\n");
    for (size_t r = 0; r <= nroutes; r++) {
        const char *label = r < nroutes ? route_labels[r] : "unmatched";
        uint64_t count = 0;
        for (size_t k = 0; k < NBUCKET; k++)
            count += sum(r, 0, k, 1);
        if (count == 0)
            continue;
        uint64_t cum = 0;
        for (size_t k = 0; k < NBUCKET; k++) {
            cum += sum(r, 0, k, 1);
            if (k < NBUCKET - 1)
                put(&b, "plaza_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", label,
                    buckets_s[k], (unsigned long long)cum);
            else
                put(&b, "plaza_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", label,
                    (unsigned long long)cum);
        }
        put(&b, "plaza_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", label, (double)sum(r, 0, 0, 2) / 1e6);
        put(&b, "plaza_http_request_duration_seconds_count{route=\"%s\"} %llu\n", label, (unsigned long long)count);
    }
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}
