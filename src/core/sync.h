/* Several plaza nodes on one PostgreSQL store. What each node keeps in memory
 * to spare the store a read per request (install generations, the version of
 * its users cache, the virtual clock, accounts' rate-limit settings) is kept
 * the same on every node by announcements: the node that changes such state
 * announces it after its commit (NOTIFY, numbered in the store), every node's
 * listener applies it and records the number it has seen, and the announcing
 * request waits until every live node has (SYNC_WAIT_MAX_MS at most), so a
 * client's next request finds the change on whichever node it reaches.
 *
 * With SQLite there is one node: nothing is announced, nothing waits. */
#ifndef PLAZA_SYNC_H
#define PLAZA_SYNC_H

#include <stdint.h>

struct config;
struct db;

#define SYNC_KIND_MAX 16
#define SYNC_ARG_MAX 200
#define SYNC_WAIT_MAX_MS 2000 /* a node silent this long is not waited for */
#define SYNC_ALIVE_MS 3000    /* a node that has not reported for this long is taken for dead */
#define SYNC_BEAT_MS 500      /* how often a listener reports while nothing is announced */

/* Applies an announcement of `kind` on this node. `arg` NULL means "reload
 * everything from the store": the listener reconnected and may have missed
 * announcements. `db` is the listener's connection. */
typedef void (*sync_apply_fn)(struct db *db, const char *arg);

/* Registers what applies announcements of `kind`; before sync_start. */
int sync_subscribe(const char *kind, sync_apply_fn fn);

/* Joins the store's nodes when it is PostgreSQL: registers this node and
 * starts its listener. A no-op for SQLite. */
int sync_start(const struct config *cfg);
void sync_stop(void); /* leaves the nodes table; NULL-safe when never started */

/* Announces a change of `kind` (printf-formatted argument) and waits until
 * every live node applied it. A no-op with one node. */
void sync_announce(const char *kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int sync_on(void);               /* 1 when nodes share the store */
const char *sync_node_id(void);  /* this process's node id ("" with SQLite) */

/* The last announcement's time to reach every node, in microseconds, and how
 * many were announced: GET /_plaza/health shows them. */
void sync_stats(uint64_t *announced, uint64_t *last_us, uint64_t *max_us);

#endif
