/* Announcements between nodes sharing a PostgreSQL store (core/sync.h).
 *
 * An announcement is one row update and one NOTIFY in a transaction:
 * sync_state.seq numbers it, and the payload "<seq> <kind> <arg>" goes to
 * channel plaza_sync at commit. Every node's listener thread holds a
 * connection that LISTENs, applies what arrives, and writes the highest
 * number it has applied to its row in `nodes`, with the time, at least every
 * SYNC_BEAT_MS. The announcing node then reads `nodes` until no live node is
 * behind. A listener that loses its connection reconnects and reloads
 * everything, since NOTIFYs sent meanwhile are lost to it. */
#include "core/sync.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHANNEL "plaza_sync"
#define SUBSCRIBERS_MAX 8
#define RECONNECT_MS 200
#define STOP_CHECK_MS 50

static struct {
    char kind[SYNC_KIND_MAX];
    sync_apply_fn fn;
} subscribers[SUBSCRIBERS_MAX];
static int nsubscribers;

static char url[1024];
static char node_id[33];
static int on;
static _Atomic int stopping;
static pthread_t listener;
static struct db *listen_db;   /* the listener thread's */
static struct db *announce_db; /* announcers', under announce_lock */
static pthread_mutex_t announce_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t announced, last_us, max_us;

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int sync_on(void) { return on; }
const char *sync_node_id(void) { return node_id; }

void sync_stats(uint64_t *n, uint64_t *last, uint64_t *max)
{
    *n = atomic_load(&announced);
    *last = atomic_load(&last_us);
    *max = atomic_load(&max_us);
}

int sync_subscribe(const char *kind, sync_apply_fn fn)
{
    if (nsubscribers == SUBSCRIBERS_MAX || strlen(kind) >= SYNC_KIND_MAX)
        return -1;
    snprintf(subscribers[nsubscribers].kind, SYNC_KIND_MAX, "%s", kind);
    subscribers[nsubscribers++].fn = fn;
    return 0;
}

/* "<seq> <kind> <arg>": applies it; returns seq, or 0 for a payload plaza did not send. */
static int64_t apply(struct db *db, const char *payload)
{
    char kind[SYNC_KIND_MAX];
    long long seq;
    int used = 0;
    if (sscanf(payload, "%lld %15s %n", &seq, kind, &used) < 2 || seq <= 0)
        return 0;
    for (int i = 0; i < nsubscribers; i++)
        if (strcmp(subscribers[i].kind, kind) == 0)
            subscribers[i].fn(db, payload + used);
    return seq;
}

static int beat(struct db *db, int64_t seen)
{
    return db_run(db, "UPDATE nodes SET seen_at = ?, seen_seq = ? WHERE id = ? AND seen_seq <= ?", "iisi",
                  real_ms(), seen, node_id, seen) == DB_DONE
               ? 0
               : -1;
}

/* Connects, listens, reloads everything, and reports the number it caught up to. */
static int join(struct db **out, int64_t *seen)
{
    struct db *db;
    if (db_open(&db, url) != DB_DONE)
        return -1;
    int64_t seq = -1;
    struct db_stmt *st = NULL;
    if (db_listen(db, CHANNEL) == DB_DONE && (st = db_query(db, "SELECT seq FROM sync_state WHERE id = 1", "")) &&
        db_step(st) == DB_ROW)
        seq = db_int(st, 0);
    db_done(st);
    if (seq < 0) {
        db_close(db);
        return -1;
    }
    for (int i = 0; i < nsubscribers; i++)
        subscribers[i].fn(db, NULL);
    int64_t now = real_ms();
    if (db_run(db,
               "INSERT INTO nodes (id, started_at, seen_at, seen_seq) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, seen_seq = excluded.seen_seq",
               "siii", node_id, now, now, seq) != DB_DONE) {
        db_close(db);
        return -1;
    }
    /* rows of nodes long gone (stopped by kill -9) */
    db_run(db, "DELETE FROM nodes WHERE seen_at < ?", "i", now - 3600 * 1000);
    *out = db;
    *seen = seq;
    return 0;
}

static void *listen_main(void *arg)
{
    (void)arg;
    log_context_set("thread=sync");
    struct db *db = listen_db;
    int64_t seen = 0, beaten_at = 0;
    {
        struct db_stmt *st = db_query(db, "SELECT seen_seq FROM nodes WHERE id = ?", "s", node_id);
        if (st && db_step(st) == DB_ROW)
            seen = db_int(st, 0);
        db_done(st);
    }
    while (!atomic_load(&stopping)) {
        if (!db) {
            if (join(&db, &seen) != 0) {
                usleep(RECONNECT_MS * 1000);
                continue;
            }
            log_info("sync: reconnected to the store; reloaded what other nodes may have changed");
        }
        char payload[SYNC_KIND_MAX + SYNC_ARG_MAX + 48];
        /* short waits, so that a stop is not kept waiting for the next beat */
        int r = db_notification(db, STOP_CHECK_MS, payload, sizeof payload), applied = 0;
        while (r == 1) {
            int64_t seq = apply(db, payload);
            if (seq > seen)
                seen = seq;
            applied = 1;
            r = db_notification(db, 0, payload, sizeof payload);
        }
        if (r == 0 && !applied && real_ms() - beaten_at < SYNC_BEAT_MS)
            continue;
        beaten_at = real_ms();
        if (r < 0 || beat(db, seen) != 0) {
            log_warn("sync: lost the store's connection; reconnecting");
            db_close(db);
            db = NULL;
        }
    }
    if (db)
        db_run(db, "DELETE FROM nodes WHERE id = ?", "s", node_id);
    listen_db = db;
    return NULL;
}

int sync_start(const struct config *cfg)
{
    if (!db_is_postgres_url(cfg->db_path))
        return 0;
    snprintf(url, sizeof url, "%s", cfg->db_path);
    uint8_t raw[16];
    crypto_random(raw, sizeof raw);
    crypto_hex(node_id, raw, sizeof raw);
    int64_t seen;
    if (join(&listen_db, &seen) != 0) {
        log_error("sync: cannot join the store's nodes");
        return -1;
    }
    on = 1;
    if (pthread_create(&listener, NULL, listen_main, NULL) != 0) {
        db_close(listen_db);
        listen_db = NULL;
        on = 0;
        return -1;
    }
    return 0;
}

void sync_stop(void)
{
    if (!on)
        return;
    atomic_store(&stopping, 1);
    pthread_join(listener, NULL);
    db_close(listen_db);
    listen_db = NULL;
    pthread_mutex_lock(&announce_lock);
    db_close(announce_db);
    announce_db = NULL;
    pthread_mutex_unlock(&announce_lock);
    on = 0;
}

struct announcement {
    const char *kind, *arg;
    int64_t seq;
};

static int announce_tx(struct db *db, void *arg)
{
    struct announcement *a = arg;
    struct db_stmt *st = db_query(db, "UPDATE sync_state SET seq = seq + 1 WHERE id = 1 RETURNING seq", "");
    a->seq = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    if (a->seq <= 0)
        return DB_ERROR;
    char payload[SYNC_KIND_MAX + SYNC_ARG_MAX + 48];
    snprintf(payload, sizeof payload, "%lld %s %s", (long long)a->seq, a->kind, a->arg);
    return db_run(db, "SELECT pg_notify('" CHANNEL "', ?)", "s", payload) == DB_DONE ? 0 : DB_ERROR;
}

/* Until no live node is behind `seq`, for SYNC_WAIT_MAX_MS at most: 0, or the nodes still behind. */
static int64_t wait_applied(struct db *db, int64_t seq)
{
    int64_t deadline = real_ms() + SYNC_WAIT_MAX_MS, behind = -1;
    for (unsigned pause = 100;; pause = pause < 2000 ? pause * 2 : pause) {
        struct db_stmt *st =
            db_query(db, "SELECT count(*) FROM nodes WHERE seen_seq < ? AND seen_at > ?", "ii", seq, real_ms() - SYNC_ALIVE_MS);
        behind = st && db_step(st) == DB_ROW ? db_int(st, 0) : -1;
        db_done(st);
        if (behind <= 0 || real_ms() >= deadline)
            return behind;
        usleep(pause);
    }
}

void sync_announce(const char *kind, const char *fmt, ...)
{
    if (!on)
        return;
    char arg[SYNC_ARG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(arg, sizeof arg, fmt, ap);
    va_end(ap);
    uint64_t t0 = mono_us();
    pthread_mutex_lock(&announce_lock);
    struct announcement a = {kind, arg, 0};
    if (!announce_db && db_open(&announce_db, url) != DB_DONE)
        log_error("sync: cannot announce %s %s: no store connection; other nodes learn it when they reconnect",
                  kind, arg);
    else if (db_transaction(announce_db, announce_tx, &a) != 0)
        log_error("sync: announcing %s %s failed; other nodes learn it when they reconnect", kind, arg);
    else {
        int64_t behind = wait_applied(announce_db, a.seq);
        if (behind != 0)
            log_warn("sync: %s %s: %lld nodes had not applied it after %d ms", kind, arg, (long long)behind,
                     SYNC_WAIT_MAX_MS);
        uint64_t took = mono_us() - t0;
        atomic_fetch_add(&announced, 1);
        atomic_store(&last_us, took);
        uint64_t m = atomic_load(&max_us);
        while (took > m && !atomic_compare_exchange_weak(&max_us, &m, took))
            ;
    }
    pthread_mutex_unlock(&announce_lock);
}
