/* The virtual clock: real time plus an offset that only moves forward.
 * Every expiry in plaza reads time here; nothing else calls time(). */
#ifndef PLAZA_CLOCK_H
#define PLAZA_CLOCK_H

#include <stdint.h>

struct db;

#define CLOCK_MAX_ADVANCE_S (10LL * 366 * 24 * 3600) /* one call moves at most ten years */

int64_t clock_now(void);    /* seconds since the epoch, virtual */
int64_t clock_now_ms(void); /* milliseconds since the epoch, virtual */
int64_t clock_offset(void); /* seconds the clock is ahead of real time */

/* Loads the persisted offset (at start, before threads). */
int clock_load(struct db *db);
int clock_sync_subscribe(void); /* one clock for the nodes sharing a store (core/sync.h) */

/* Moves the clock forward by `seconds` (1..CLOCK_MAX_ADVANCE_S) and persists
 * the new offset. Returns 0, or -1 when out of range or not stored. */
int clock_advance(struct db *db, int64_t seconds);

/* Formats `t` (seconds) as Zoom does: yyyy-MM-ddTHH:mm:ssZ. `out` holds 21 bytes. */
void clock_format(int64_t t, char out[21]);

#endif
