/* Rate limits: a small table of counters per (account, label), guarded by one
 * lock. Only touched when limits are on for the account, so the default
 * (off) costs one lookup of the account's own setting. */
#include "http/ratelimit.h"
#include "http/ratelimit_store.h"
#include "core/sync.h"
#include "core/clock.h"
#include "core/db.h"
#include "market/market.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ACCOUNTS 4096 /* counters kept; the oldest are reused beyond this */

struct limits {
    int64_t per_window; /* calls per window */
    int window_s;       /* 1 (QPS) or 60 (per minute) */
    int64_t per_day;    /* 0: no daily limit */
};

enum { LIGHT, MEDIUM, HEAVY, INTENSIVE, NLABELS };
static const char *const label_names[NLABELS] = {"Light", "Medium", "Heavy", "Resource-intensive"};

/* zoom-wire §2.3: Free, Pro, Business and above */
static const struct limits table[3][NLABELS] = {
    {{4, 1, 6000}, {2, 1, 2000}, {1, 1, 1000}, {10, 60, 30000}},
    {{30, 1, 0}, {20, 1, 0}, {10, 1, 30000}, {10, 60, 30000}},
    {{80, 1, 0}, {60, 1, 0}, {40, 1, 60000}, {20, 60, 60000}},
};

struct counter {
    char account[32];
    int64_t window_start[NLABELS], window_count[NLABELS];
    int64_t day[NLABELS], day_count[NLABELS];
    int64_t shared_day, shared_count; /* Heavy and Resource-intensive share a daily allowance on paid plans */
    int64_t used_at;
};

struct setting {
    char account[32];
    int mode; /* -1 follow default */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum ratelimit_mode default_mode = RATELIMIT_OFF;
static struct counter *counters;
static int ncounters;
static struct setting *settings;
static int nsettings;
static _Atomic int any_on; /* some account, or the default, has limits on */

void ratelimit_set_default(enum ratelimit_mode mode) { default_mode = mode; }

void ratelimit_free(void)
{
    free(counters);
    free(settings);
    counters = NULL;
    settings = NULL;
    ncounters = nsettings = 0;
}

static void set_local(const char *account_id, const char *mode)
{
    int m = !mode ? -1 : strcmp(mode, "zoom") == 0 ? RATELIMIT_ZOOM : RATELIMIT_OFF;
    pthread_mutex_lock(&lock);
    int i = 0;
    while (i < nsettings && strcmp(settings[i].account, account_id) != 0)
        i++;
    if (i == nsettings) {
        struct setting *grown = realloc(settings, sizeof *settings * (size_t)(nsettings + 1));
        if (grown) {
            settings = grown;
            snprintf(settings[nsettings].account, sizeof settings[0].account, "%s", account_id);
            nsettings++;
        } else {
            i = -1;
        }
    }
    if (i >= 0)
        settings[i].mode = m;
    any_on = default_mode == RATELIMIT_ZOOM;
    for (int j = 0; j < nsettings; j++)
        any_on |= settings[j].mode == RATELIMIT_ZOOM;
    pthread_mutex_unlock(&lock);
}

void ratelimit_set_account(const char *account_id, const char *mode)
{
    set_local(account_id, mode);
    sync_announce("ratelimit", "%s %s", account_id, mode ? mode : "-");
}

/* Another node changed an account's setting ("<account> <mode or ->"), or everything may have changed. */
static void on_sync(struct db *db, const char *arg)
{
    char account[64], mode[16];
    if (!arg)
        ratelimit_load(db);
    else if (sscanf(arg, "%63s %15s", account, mode) == 2)
        set_local(account, strcmp(mode, "-") == 0 ? NULL : mode);
}

int ratelimit_sync_subscribe(void) { return sync_subscribe("ratelimit", on_sync); }

static void load_one(const char *account_id, const char *mode, void *arg)
{
    (void)arg;
    set_local(account_id, mode);
}

int ratelimit_load(struct db *db)
{
    if (account_rate_limits_each(db, load_one, NULL) != 0)
        return -1;
    any_on |= default_mode == RATELIMIT_ZOOM;
    return 0;
}

/* Caller holds the lock. */
static int enabled_locked(const char *account_id)
{
    for (int i = 0; i < nsettings; i++)
        if (strcmp(settings[i].account, account_id) == 0 && settings[i].mode >= 0)
            return settings[i].mode == RATELIMIT_ZOOM;
    return default_mode == RATELIMIT_ZOOM;
}

int ratelimit_enabled(const char *account_id)
{
    if (!any_on && default_mode == RATELIMIT_OFF)
        return 0;
    pthread_mutex_lock(&lock);
    int on = enabled_locked(account_id);
    pthread_mutex_unlock(&lock);
    return on;
}

static struct counter *counter_of(const char *account_id, int64_t now)
{
    for (int i = 0; i < ncounters; i++)
        if (strcmp(counters[i].account, account_id) == 0)
            return &counters[i];
    if (!counters && !(counters = calloc(MAX_ACCOUNTS, sizeof *counters)))
        return NULL;
    int slot = ncounters < MAX_ACCOUNTS ? ncounters++ : 0;
    for (int i = 0; ncounters == MAX_ACCOUNTS && i < MAX_ACCOUNTS; i++) /* reuse the least recently used */
        if (counters[i].used_at < counters[slot].used_at)
            slot = i;
    memset(&counters[slot], 0, sizeof counters[slot]);
    snprintf(counters[slot].account, sizeof counters[slot].account, "%s", account_id);
    counters[slot].used_at = now;
    return &counters[slot];
}

static void midnight(int64_t day, char out[24])
{
    time_t t = (time_t)((day + 1) * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void limited_daily(struct ratelimit_verdict *v, const struct limits *lim, int64_t day)
{
    v->limited = 1;
    v->type = "Daily-limit";
    v->limit = lim->per_day;
    v->remaining = 0;
    midnight(day, v->retry_after);
    v->message = "You have reached the maximum daily rate limit for this API. Refer to the response header for "
                 "details on when you can make another request.";
}

static void limited_window(struct ratelimit_verdict *v, const struct limits *lim)
{
    v->limited = 1;
    v->type = "QPS";
    v->limit = lim->per_window;
    v->remaining = 0;
    snprintf(v->retry_after, sizeof v->retry_after, "%d", lim->window_s);
    v->message = lim->window_s == 1
                     ? "You have reached the maximum per-second rate limit for this API. Try again later."
                     : "You have reached the maximum per-minute rate limit for this API. Try again later.";
}

/* A call to count: whose, in which label `l` (its daily count `shared` across the labels that share one), under
 * which limits. */
struct counted_call {
    const char *account_id;
    int l;
    int shared;
    const struct limits *lim;
};

/* Every node counts in the store; a store that fails lets the call through
 * (the call itself then meets the same store). */
static void check_in_store(struct db *db, const struct counted_call *c, int64_t now_ms, struct ratelimit_verdict *v)
{
    const char *account_id = c->account_id;
    int l = c->l, shared = c->shared;
    const struct limits *lim = c->lim;
    int64_t day = now_ms / 86400000, window = now_ms / (lim->window_s * 1000LL);
    char wb[32], db_[32];
    snprintf(wb, sizeof wb, "w:%d", l);
    snprintf(db_, sizeof db_, "d:%d", shared ? -1 : l);
    if (lim->per_day && rate_count_store_get(db, account_id, db_, day) >= lim->per_day) {
        limited_daily(v, lim, day);
        return;
    }
    int64_t w = rate_count_store_bump(db, account_id, wb, window, lim->per_window);
    if (w == 0) {
        limited_window(v, lim);
        return;
    }
    int64_t d = lim->per_day ? rate_count_store_bump(db, account_id, db_, day, INT64_MAX) : 0;
    v->type = lim->per_day ? "Daily-limit" : "QPS";
    v->limit = lim->per_day ? lim->per_day : lim->per_window;
    v->remaining = lim->per_day ? (d > 0 ? lim->per_day - d : lim->per_day) : (w > 0 ? lim->per_window - w : 0);
}

void ratelimit_check(struct db *db, const char *account_id, const char *plan, const char *label,
                     struct ratelimit_verdict *v)
{
    memset(v, 0, sizeof *v);
    if (!label || (!any_on && default_mode == RATELIMIT_OFF))
        return;
    int l = 0;
    while (l < NLABELS && strcmp(label_names[l], label) != 0)
        l++;
    if (l == NLABELS)
        return;
    int tier = strcmp(plan, "free") == 0 ? 0 : strcmp(plan, "pro") == 0 ? 1 : 2;
    const struct limits *lim = &table[tier][l];
    int64_t now_ms = clock_now_ms(), day = now_ms / 86400000;

    pthread_mutex_lock(&lock);
    if (!enabled_locked(account_id)) {
        pthread_mutex_unlock(&lock);
        return;
    }
    v->applies = 1;
    v->category = label_names[l];
    if (db && db_engine(db) == DB_POSTGRES) {
        pthread_mutex_unlock(&lock);
        struct counted_call call = {account_id, l, tier > 0 && (l == HEAVY || l == INTENSIVE), lim};
        check_in_store(db, &call, now_ms, v);
        return;
    }
    struct counter *c = counter_of(account_id, now_ms);
    if (!c) {
        pthread_mutex_unlock(&lock);
        return;
    }
    c->used_at = now_ms;
    int64_t window = now_ms / (lim->window_s * 1000LL);
    if (c->window_start[l] != window)
        c->window_start[l] = window, c->window_count[l] = 0;
    if (c->day[l] != day)
        c->day[l] = day, c->day_count[l] = 0;
    if (c->shared_day != day)
        c->shared_day = day, c->shared_count = 0;
    int shared = tier > 0 && (l == HEAVY || l == INTENSIVE);
    int64_t *daily = shared ? &c->shared_count : &c->day_count[l];

    if (lim->per_day && *daily >= lim->per_day) {
        limited_daily(v, lim, day);
    } else if (c->window_count[l] >= lim->per_window) {
        limited_window(v, lim);
    } else {
        c->window_count[l]++;
        (*daily)++;
        v->type = lim->per_day ? "Daily-limit" : "QPS";
        v->limit = lim->per_day ? lim->per_day : lim->per_window;
        v->remaining = lim->per_day ? lim->per_day - *daily : lim->per_window - c->window_count[l];
    }
    pthread_mutex_unlock(&lock);
}
