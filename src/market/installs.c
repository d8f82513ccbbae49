/* Installs, and the in-memory generation table that lets every thread check an
 * access token's install without touching the store: a two-level array indexed
 * by install id whose chunks are allocated once and never moved, so reads are
 * two atomic loads and no lock.
 *
 * Every change to an install in the store moves its generation forward, so
 * the table keeps the newest state it was told: a slot holds
 * (generation + 1) << 1 | revoked, 0 for an install it has not heard of, and
 * only ever grows. Two requests publishing after their commits
 * in either order leave the later state, never bring killed tokens back. */
#include "core/clock.h"
#include "core/db.h"
#include "core/sync.h"
#include "market/apps_store.h"
#include "market/installs_store.h"
#include "market/market.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BITS 12
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define MAX_CHUNKS 16384 /* 67 million installs */

typedef _Atomic uint64_t generation_t;
#define SLOT_DEAD UINT64_MAX /* deleted: outranks every generation */
static _Atomic(generation_t *) chunks[MAX_CHUNKS];
static pthread_mutex_t grow_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t slot_of(uint32_t generation, int revoked) { return ((uint64_t)generation + 1) << 1 | (revoked != 0); }
static uint32_t generation_of(uint64_t slot) { return (uint32_t)((slot >> 1) - 1); }

uint32_t install_generation(int64_t id)
{
    if (id <= 0 || (id >> CHUNK_BITS) >= MAX_CHUNKS)
        return INSTALL_DEAD;
    generation_t *c = atomic_load_explicit(&chunks[id >> CHUNK_BITS], memory_order_acquire);
    if (!c)
        return INSTALL_DEAD;
    uint64_t v = atomic_load_explicit(&c[id & (CHUNK_SIZE - 1)], memory_order_acquire);
    return v == 0 || v == SLOT_DEAD || (v & 1) ? INSTALL_DEAD : generation_of(v);
}

/* 1 when the slot moved (the value is newer than what it held), else 0. */
static int publish_slot(int64_t id, uint64_t value)
{
    if (id <= 0 || (id >> CHUNK_BITS) >= MAX_CHUNKS)
        return 0;
    _Atomic(generation_t *) *slot = &chunks[id >> CHUNK_BITS];
    generation_t *c = atomic_load_explicit(slot, memory_order_acquire);
    if (!c) {
        pthread_mutex_lock(&grow_lock);
        c = atomic_load_explicit(slot, memory_order_acquire);
        if (!c && (c = malloc(CHUNK_SIZE * sizeof *c)) != NULL) {
            for (unsigned i = 0; i < CHUNK_SIZE; i++)
                atomic_init(&c[i], 0); /* not heard of: dead */
            atomic_store_explicit(slot, c, memory_order_release);
        }
        pthread_mutex_unlock(&grow_lock);
        if (!c)
            return 0; /* out of memory: the install stays dead, which is the safe side */
    }
    generation_t *slot_value = &c[id & (CHUNK_SIZE - 1)];
    uint64_t cur = atomic_load_explicit(slot_value, memory_order_acquire);
    while (value > cur)
        if (atomic_compare_exchange_weak(slot_value, &cur, value))
            return 1;
    return 0;
}

static uint64_t slot_value(int64_t id)
{
    if (id <= 0 || (id >> CHUNK_BITS) >= MAX_CHUNKS)
        return SLOT_DEAD;
    generation_t *c = atomic_load_explicit(&chunks[id >> CHUNK_BITS], memory_order_acquire);
    return c ? atomic_load_explicit(&c[id & (CHUNK_SIZE - 1)], memory_order_acquire) : 0;
}

/* Here, and on every node sharing the store when it is news: a grant that
 * leaves the generation as it was (another Server-to-Server token) tells no one. */
static void publish_everywhere(int64_t id, uint64_t value)
{
    if (publish_slot(id, value))
        sync_announce("install", "%lld %llu", (long long)id, (unsigned long long)value);
}

void install_publish(int64_t id, uint32_t generation) { publish_everywhere(id, slot_of(generation, 0)); }

void install_publish_revoked(int64_t id, uint32_t generation)
{
    publish_everywhere(id, slot_of(generation, 1));
}

void install_publish_deleted(int64_t id) { publish_everywhere(id, SLOT_DEAD); }

/* The install as the store has it, into this node's table. */
static void refresh(struct db *db, int64_t id)
{
    uint32_t generation;
    int revoked;
    int found = install_store_state(db, id, &generation, &revoked);
    if (found == 1)
        publish_slot(id, slot_of(generation, revoked));
    else if (found == 0)
        publish_slot(id, SLOT_DEAD);
    /* else the store failed: the token is refused this time, the safe side */
}

int install_token_current(struct db *db, int64_t id, uint32_t generation)
{
    uint64_t v = slot_value(id);
    if (v != SLOT_DEAD && (v == 0 || generation_of(v) < generation)) {
        refresh(db, id);
        v = slot_value(id);
    }
    return v != 0 && v != SLOT_DEAD && !(v & 1) && generation_of(v) == generation;
}

/* Forgets every generation, so that the next use of each reads the store. */
static void forget_all(void)
{
    for (unsigned i = 0; i < MAX_CHUNKS; i++) {
        generation_t *c = atomic_load_explicit(&chunks[i], memory_order_acquire);
        for (unsigned j = 0; c && j < CHUNK_SIZE; j++)
            atomic_store_explicit(&c[j], 0, memory_order_release);
    }
}

/* "<id> <slot value>" from another node; NULL: anything may have changed. */
static void on_sync(struct db *db, const char *arg)
{
    (void)db;
    long long id;
    unsigned long long v;
    if (!arg)
        forget_all();
    else if (sscanf(arg, "%lld %llu", &id, &v) == 2)
        publish_slot(id, v);
}

int installs_sync_subscribe(void) { return sync_subscribe("install", on_sync); }

void installs_free(void)
{
    for (unsigned i = 0; i < MAX_CHUNKS; i++)
        free(atomic_exchange(&chunks[i], NULL));
}

static void load_one(int64_t id, uint32_t generation, int revoked, void *arg)
{
    (void)arg;
    publish_slot(id, slot_of(generation, revoked));
}

int installs_load(struct db *db) { return install_store_each_state(db, load_one, NULL); }

int install_find(struct db *db, const char *app_id, enum app_env env, const char *account_id, const char *user_id,
                 struct install *out)
{
    return install_store_find(db, app_id, env, account_id, user_id, out);
}

int install_get(struct db *db, int64_t id, struct install *out)
{
    return install_store_get(db, id, out);
}

int install_upsert(struct db *db, const struct install_request *req, struct install *out, struct perr *e)
{
    struct install_new in = {req->app_id, req->env, req->account_id, req->user_id, req->installed_by, req->scopes,
                             clock_now()};
    int rc = install_store_upsert(db, &in, out);
    if (rc != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the install failed.");
    return 0;
}

int install_bump(struct db *db, int64_t id, uint32_t *generation, int *revoked)
{
    return install_store_bump(db, id, clock_now(), generation, revoked);
}

int install_revoke(struct db *db, int64_t id, uint32_t *generation)
{
    return install_store_revoke(db, id, clock_now(), generation);
}

static void forget_one(int64_t id, void *arg)
{
    (void)arg;
    install_publish_deleted(id);
}


int install_list(struct db *db, const struct install_filter *f, struct install *out, int max, int *n)
{
    return install_store_list(db, f, out, max, n);
}

typedef int ids_page_fn(struct db *db, const char *account_id, const char *after, char (*ids)[ID_LEN], int max,
                        int *n);

/* Appends every id `page` gives, page by page, to *all (grown as needed). */
static int gather_ids(struct db *db, const char *account_id, ids_page_fn *page, char (**all)[ID_LEN], size_t *n,
                      size_t *cap)
{
    enum { BATCH = 256 };
    char after[ID_LEN] = "";
    for (int got = BATCH; got == BATCH;) {
        if (*n + BATCH > *cap) {
            size_t grow = *cap ? *cap * 2 : BATCH * 2;
            char(*bigger)[ID_LEN] = realloc(*all, sizeof **all * grow);
            if (!bigger)
                return -1;
            *all = bigger;
            *cap = grow;
        }
        if (page(db, account_id, after, *all + *n, BATCH, &got) != 0)
            return -1;
        *n += (size_t)got;
        if (got)
            memcpy(after, (*all)[*n - 1], ID_LEN);
    }
    return 0;
}

static int by_id(const void *a, const void *b) { return strcmp(a, b); }

int market_apps_serving(struct db *db, const char *account_id, int (*fn)(const char *app_id, void *arg), void *arg)
{
    char(*ids)[ID_LEN] = NULL;
    size_t n = 0, cap = 0;
    int rc = gather_ids(db, account_id, app_store_ids_of_account, &ids, &n, &cap) == 0 &&
                     gather_ids(db, account_id, install_store_active_app_ids, &ids, &n, &cap) == 0
                 ? 0
                 : -1;
    if (rc == 0 && n)
        qsort(ids, n, sizeof *ids, by_id);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if ((i == 0 || strcmp(ids[i], ids[i - 1]) != 0) && fn(ids[i], arg))
            break;
    free(ids);
    return rc;
}

int installs_forget(struct db *db, const char *account_id, const char *app_id)
{
    if (!account_id)
        return install_store_each_of_app(db, app_id, forget_one, NULL);
    if (install_store_each_of_account(db, account_id, forget_one, NULL) != 0)
        return -1;
    /* and the installs of the account's apps in other accounts */
    char(*ids)[ID_LEN] = NULL;
    size_t n = 0, cap = 0;
    int rc = gather_ids(db, account_id, app_store_ids_of_account, &ids, &n, &cap);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = install_store_each_of_app(db, ids[i], forget_one, NULL);
    free(ids);
    return rc;
}
