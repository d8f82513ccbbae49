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

uint32_t install_generation(int64_t id)
{
    if (id <= 0 || (id >> CHUNK_BITS) >= MAX_CHUNKS)
        return INSTALL_DEAD;
    generation_t *c = atomic_load_explicit(&chunks[id >> CHUNK_BITS], memory_order_acquire);
    if (!c)
        return INSTALL_DEAD;
    uint64_t v = atomic_load_explicit(&c[id & (CHUNK_SIZE - 1)], memory_order_acquire);
    return v == 0 || v == SLOT_DEAD || (v & 1) ? INSTALL_DEAD : (uint32_t)((v >> 1) - 1);
}

static void publish_slot(int64_t id, uint64_t value)
{
    if (id <= 0 || (id >> CHUNK_BITS) >= MAX_CHUNKS)
        return;
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
            return; /* out of memory: the install stays dead, which is the safe side */
    }
    generation_t *slot_value = &c[id & (CHUNK_SIZE - 1)];
    uint64_t cur = atomic_load_explicit(slot_value, memory_order_acquire);
    while (value > cur && !atomic_compare_exchange_weak(slot_value, &cur, value))
        ;
}

static uint64_t slot_value(int64_t id)
{
    if (id <= 0 || (id >> CHUNK_BITS) >= MAX_CHUNKS)
        return SLOT_DEAD;
    generation_t *c = atomic_load_explicit(&chunks[id >> CHUNK_BITS], memory_order_acquire);
    return c ? atomic_load_explicit(&c[id & (CHUNK_SIZE - 1)], memory_order_acquire) : 0;
}

/* Here, and on every node sharing the store. */
static void publish_everywhere(int64_t id, uint64_t value)
{
    publish_slot(id, value);
    sync_announce("install", "%lld %llu", (long long)id, (unsigned long long)value);
}

void install_publish(int64_t id, uint32_t generation) { publish_everywhere(id, ((uint64_t)generation + 1) << 1); }

void install_publish_revoked(int64_t id, uint32_t generation)
{
    publish_everywhere(id, ((uint64_t)generation + 1) << 1 | 1);
}

void install_publish_deleted(int64_t id) { publish_everywhere(id, SLOT_DEAD); }

/* The install as the store has it, into this node's table. */
static void refresh(struct db *db, int64_t id)
{
    struct db_stmt *st = db_query(db, "SELECT generation, revoked_at FROM installs WHERE id = ?", "i", id);
    if (!st)
        return; /* the store failed: the token is refused this time, the safe side */
    int rc = db_step(st);
    if (rc == DB_ROW) {
        uint64_t v = ((uint64_t)(uint32_t)db_int(st, 0) + 1) << 1 | (db_is_null(st, 1) ? 0 : 1);
        publish_slot(id, v);
    } else if (rc == DB_DONE) {
        publish_slot(id, SLOT_DEAD);
    }
    db_done(st);
}

int install_token_current(struct db *db, int64_t id, uint32_t generation)
{
    uint64_t v = slot_value(id);
    if (v != SLOT_DEAD && (v == 0 || (v >> 1) - 1 < generation)) {
        refresh(db, id);
        v = slot_value(id);
    }
    return v != 0 && v != SLOT_DEAD && !(v & 1) && (uint32_t)((v >> 1) - 1) == generation;
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

int installs_load(struct db *db)
{
    struct db_stmt *st = db_query(db, "SELECT id, generation, revoked_at FROM installs", "");
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (db_is_null(st, 2))
            publish_slot(db_int(st, 0), ((uint64_t)(uint32_t)db_int(st, 1) + 1) << 1);
        else
            publish_slot(db_int(st, 0), ((uint64_t)(uint32_t)db_int(st, 1) + 1) << 1 | 1);
    }
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

#define INSTALL_COLUMNS                                                                                           \
    "id, app_id, env, account_id, user_id, installed_by, scopes, generation, created_at, updated_at, revoked_at"

/* Reads the next row of a statement over INSTALL_COLUMNS: 1 read, 0 done, -1 error. */
static int install_one_row(struct db_stmt *st, struct install *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_int(st, 0);
        db_copy(st, 1, out->app_id, sizeof out->app_id);
        char env[16];
        db_copy(st, 2, env, sizeof env);
        app_env_parse(env, &out->env);
        db_copy(st, 3, out->account_id, sizeof out->account_id);
        db_copy(st, 4, out->user_id, sizeof out->user_id);
        db_copy(st, 5, out->installed_by, sizeof out->installed_by);
        db_copy(st, 6, out->scopes, sizeof out->scopes);
        out->generation = (uint32_t)db_int(st, 7);
        out->created_at = db_int(st, 8);
        out->updated_at = db_int(st, 9);
        out->revoked_at = db_is_null(st, 10) ? 0 : db_int(st, 10);
    }
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int install_one(struct db_stmt *st, struct install *out)
{
    if (!st)
        return -1;
    int rc = install_one_row(st, out);
    db_done(st);
    return rc;
}

int install_find(struct db *db, const char *app_id, enum app_env env, const char *account_id, const char *user_id,
                 struct install *out)
{
    return install_one(db_query(db,
                                "SELECT " INSTALL_COLUMNS " FROM installs WHERE app_id = ? AND env = ? AND "
                                "account_id = ? AND user_id = ?",
                                "ssss", app_id, app_env_name(env), account_id, user_id),
                       out);
}

int install_get(struct db *db, int64_t id, struct install *out)
{
    return install_one(db_query(db, "SELECT " INSTALL_COLUMNS " FROM installs WHERE id = ?", "i", id), out);
}

int install_upsert(struct db *db, const char *app_id, enum app_env env, const char *account_id, const char *user_id,
                   const char *installed_by, const char *scopes, struct install *out, struct perr *e)
{
    int64_t now = clock_now();
    /* a revoked install comes back with a new generation; an active one keeps its own */
    int rc = install_one(db_query(db,
                                  "INSERT INTO installs (app_id, env, account_id, user_id, installed_by, scopes, "
                                  "generation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) "
                                  "ON CONFLICT (app_id, env, account_id, user_id) DO UPDATE SET "
                                  "installed_by = excluded.installed_by, scopes = excluded.scopes, "
                                  "generation = CASE WHEN installs.revoked_at IS NULL THEN installs.generation "
                                  "ELSE installs.generation + 1 END, "
                                  "updated_at = excluded.updated_at, revoked_at = NULL "
                                  "RETURNING " INSTALL_COLUMNS,
                                  "ssssssii", app_id, app_env_name(env), account_id, user_id, installed_by, scopes,
                                  now, now),
                         out);
    if (rc != 1)
        return perr_set(e, PERR_INTERNAL, "Storing the install failed.");
    return 0;
}

int install_bump(struct db *db, int64_t id, uint32_t *generation, int *revoked)
{
    struct db_stmt *st = db_query(db,
                                  "UPDATE installs SET generation = generation + 1, updated_at = ? WHERE id = ? "
                                  "RETURNING generation, revoked_at",
                                  "ii", clock_now(), id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *generation = (uint32_t)db_int(st, 0);
        *revoked = !db_is_null(st, 1);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int install_revoke(struct db *db, int64_t id, uint32_t *generation)
{
    int64_t now = clock_now();
    struct db_stmt *st = db_query(db,
                                  "UPDATE installs SET generation = generation + 1, revoked_at = COALESCE(revoked_at, "
                                  "?), updated_at = ? WHERE id = ? RETURNING generation",
                                  "iii", now, now, id);
    int ok = st && db_step(st) == DB_ROW;
    if (ok)
        *generation = (uint32_t)db_int(st, 0);
    db_done(st);
    if (!ok)
        return -1;
    return db_run(db, "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE install_id = ?", "ii", now,
                  id) == DB_DONE
               ? 0
               : -1;
}

int installs_forget(struct db *db, const char *account_id, const char *app_id)
{
    struct db_stmt *st =
        account_id ? db_query(db,
                              "SELECT id FROM installs WHERE account_id = ? "
                              "OR app_id IN (SELECT id FROM apps WHERE account_id = ?)",
                              "ss", account_id, account_id)
                   : db_query(db, "SELECT id FROM installs WHERE app_id = ?", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        install_publish_deleted(db_int(st, 0));
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int install_list(struct db *db, const char *app_id, const char *account_id, const char *user_id, int64_t after,
                 struct install *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db,
                                  "SELECT " INSTALL_COLUMNS " FROM installs WHERE (? IS NULL OR app_id = ?) AND "
                                  "(? IS NULL OR account_id = ?) AND (? IS NULL OR user_id = ? OR installed_by = ?) "
                                  "AND id > ? ORDER BY id LIMIT ?",
                                  "sssssssin", app_id, app_id, account_id, account_id, user_id, user_id, user_id,
                                  after, max);
    if (!st)
        return -1;
    while (*n < max && install_one_row(st, &out[*n]) == 1)
        (*n)++;
    db_done(st);
    return 0;
}
