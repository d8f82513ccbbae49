/* A live tail of an app's deliveries: each poll reads the app's deliveries
 * from the oldest one still under way, then after the newest announced; it announces
 * the new ones and those whose status or attempts moved, and keeps following
 * those not yet delivered or failed. */
#include "events/events.h"
#include "events/events_store.h"

#include <stdio.h>
#include <string.h>

static int is_final(const char *status) { return strcmp(status, "delivered") == 0 || strcmp(status, "failed") == 0; }

static struct tail_tracked *tracked_find(struct delivery_tail *t, int64_t id)
{
    for (int i = 0; i < t->ntracked; i++)
        if (t->tracked[i].id == id)
            return &t->tracked[i];
    return NULL;
}

/* Follows (or stops following, once final) the delivery; when full, the oldest is no longer followed. */
static void track(struct delivery_tail *t, struct tail_tracked *slot, int64_t id, const char *status, int64_t attempts)
{
    if (!slot && is_final(status))
        return;
    if (!slot) {
        if (t->ntracked == TAIL_TRACKED_MAX)
            memmove(&t->tracked[0], &t->tracked[1], sizeof t->tracked[0] * --t->ntracked);
        slot = &t->tracked[t->ntracked++];
    }
    if (is_final(status)) {
        int i = (int)(slot - t->tracked);
        memmove(slot, slot + 1, sizeof *slot * (size_t)(--t->ntracked - i));
        return;
    }
    slot->id = id;
    slot->attempts = attempts;
    snprintf(slot->status, sizeof slot->status, "%s", status);
}

/* Where a poll starts reading: before the oldest delivery followed, else after the newest announced. */
static int64_t floor_of(const struct delivery_tail *t)
{
    int64_t f = t->cursor;
    for (int i = 0; i < t->ntracked; i++)
        if (t->tracked[i].id - 1 < f)
            f = t->tracked[i].id - 1;
    return f;
}

static void consider(struct delivery_tail *t, json_t *d, delivery_tail_fn *fn, void *arg)
{
    int64_t id = json_integer_value(json_object_get(d, "id"));
    int64_t attempts = json_integer_value(json_object_get(d, "attempts"));
    const char *status = json_string_value(json_object_get(d, "status"));
    if (!status)
        return;
    struct tail_tracked *slot = tracked_find(t, id);
    int fresh = id > t->cursor;
    int moved = slot && (slot->attempts != attempts || strcmp(slot->status, status) != 0);
    if (!fresh && !moved)
        return;
    if (fresh)
        t->cursor = id;
    track(t, slot, id, status, attempts);
    fn(d, t->cursor, arg);
}

static int read_after(struct db *db, struct delivery_tail *t, int64_t after, delivery_tail_fn *fn, void *arg)
{
    struct delivery_filter f = {.app_id = t->app_id, .after = after, .limit = TAIL_BATCH};
    json_t *page;
    struct perr e = {0};
    if (deliveries_list(db, &f, &page, &e) != 0)
        return -1;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(page, "deliveries"), i, d)
        consider(t, d, fn, arg);
    json_decref(page);
    return 0;
}

int delivery_tail_poll(struct db *db, struct delivery_tail *t, delivery_tail_fn *fn, void *arg)
{
    /* the deliveries followed (from the oldest of them), then whatever is newer than the page reached */
    if (t->ntracked && read_after(db, t, floor_of(t), fn, arg) != 0)
        return -1;
    return read_after(db, t, t->cursor, fn, arg);
}

int delivery_tail_start(struct db *db, struct delivery_tail *t, const char *app_id, int64_t after)
{
    memset(t, 0, sizeof *t);
    snprintf(t->app_id, sizeof t->app_id, "%s", app_id);
    t->cursor = after >= 0 ? after : delivery_store_latest(db, app_id);
    return t->cursor < 0 ? -1 : 0;
}
