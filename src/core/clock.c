/* The virtual clock. The offset is an atomic read on every call, written only
 * by clock_advance, and persisted so that a restart keeps virtual time. */
#include "core/clock.h"
#include "core/settings_store.h"
#include "core/sync.h"

#include <stdio.h>
#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t offset_s;

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_offset(void) { return atomic_load_explicit(&offset_s, memory_order_relaxed); }
int64_t clock_now_ms(void) { return real_ms() + clock_offset() * 1000; }
int64_t clock_now(void) { return clock_now_ms() / 1000; }

/* The clock only moves forward: an offset older than the one held is ignored. */
static void move_to(int64_t offset)
{
    int64_t cur = atomic_load(&offset_s);
    while (offset > cur && !atomic_compare_exchange_weak(&offset_s, &cur, offset))
        ;
}

int clock_load(struct db *db)
{
    int64_t v;
    if (clock_store_offset(db, &v) != 0)
        return -1;
    move_to(v);
    return 0;
}

/* The store adds, so that nodes advancing at once lose no seconds. */
int clock_advance(struct db *db, int64_t seconds)
{
    if (seconds < 1 || seconds > CLOCK_MAX_ADVANCE_S)
        return -1;
    int64_t next = clock_store_advance(db, seconds);
    if (next < 0)
        return -1;
    move_to(next);
    sync_announce("clock", "%lld", (long long)next);
    return 0;
}

static void on_sync(struct db *db, const char *arg)
{
    long long v;
    if (!arg)
        clock_load(db);
    else if (sscanf(arg, "%lld", &v) == 1)
        move_to(v);
}

int clock_sync_subscribe(void) { return sync_subscribe("clock", on_sync); }

void clock_format(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
