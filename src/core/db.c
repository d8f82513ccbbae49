/* SQLite implementation of core/db.h. WAL with synchronous=NORMAL for files;
 * for ":memory:" every connection opens the same memdb so that all threads see
 * one database. */
#include "core/db.h"
#include "core/log.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cached {
    const char *sql;
    sqlite3_stmt *st;
};

struct db {
    sqlite3 *h;
    struct cached *cache; /* open addressing, keyed by SQL text address */
    unsigned cache_cap, cache_len;
};

struct db_stmt; /* is a sqlite3_stmt */
#define ST(s) ((sqlite3_stmt *)(s))

static int db_configure(struct db *db, int in_memory)
{
    sqlite3_busy_timeout(db->h, 5000);
    const char *pragmas = in_memory ? "PRAGMA foreign_keys=ON;"
                                    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                                      "PRAGMA mmap_size=268435456; PRAGMA cache_size=-16000;";
    return db_exec(db, pragmas);
}

int db_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        log_error("db: %s", err ? err : sqlite3_errmsg(db->h));
        sqlite3_free(err);
        return DB_ERROR;
    }
    return DB_DONE;
}

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/* Before SQLite initialises: no global memory statistics, whose lock every
 * allocation of every connection would otherwise take. */
static void global_config(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

int db_open(struct db **out, const char *path)
{
    pthread_once(&global_once, global_config);
    static char mem_name[64];
    static atomic_int mem_named;
    int in_memory = strcmp(path, ":memory:") == 0;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;

    if (in_memory) {
        /* memdb names starting with '/' are shared by the connections of one process */
        int expected = 0;
        if (atomic_compare_exchange_strong(&mem_named, &expected, 1))
            snprintf(mem_name, sizeof mem_name, "file:/plaza-%ld?vfs=memdb", (long)getpid());
        path = mem_name;
    }

    struct db *db = calloc(1, sizeof *db);
    if (!db)
        return DB_ERROR;
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        log_error("db: cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "out of memory");
        db_close(db);
        return DB_ERROR;
    }
    sqlite3_extended_result_codes(db->h, 0);
    if (db_configure(db, in_memory) != DB_DONE) {
        db_close(db);
        return DB_ERROR;
    }
    *out = db;
    return DB_DONE;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (unsigned i = 0; i < db->cache_cap; i++)
        if (db->cache[i].st)
            sqlite3_finalize(db->cache[i].st);
    free(db->cache);
    sqlite3_close(db->h);
    free(db);
}

static unsigned slot_of(const char *sql, unsigned cap)
{
    uintptr_t x = (uintptr_t)sql;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (unsigned)(x >> 7) & (cap - 1);
}

static int cache_grow(struct db *db)
{
    unsigned cap = db->cache_cap ? db->cache_cap * 2 : 256;
    struct cached *c = calloc(cap, sizeof *c);
    if (!c)
        return -1;
    for (unsigned i = 0; i < db->cache_cap; i++) {
        if (!db->cache[i].sql)
            continue;
        unsigned j = slot_of(db->cache[i].sql, cap);
        while (c[j].sql)
            j = (j + 1) & (cap - 1);
        c[j] = db->cache[i];
    }
    free(db->cache);
    db->cache = c;
    db->cache_cap = cap;
    return 0;
}

static sqlite3_stmt *prepare(struct db *db, const char *sql)
{
    if (db->cache_len * 2 >= db->cache_cap && cache_grow(db) != 0)
        return NULL;
    unsigned i = slot_of(sql, db->cache_cap);
    while (db->cache[i].sql) {
        if (db->cache[i].sql == sql)
            return db->cache[i].st;
        i = (i + 1) & (db->cache_cap - 1);
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        log_error("db: prepare failed: %s; in: %.120s", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    db->cache[i].sql = sql;
    db->cache[i].st = st;
    db->cache_len++;
    return st;
}

static struct db_stmt *bindv(struct db *db, const char *sql, const char *fmt, va_list ap)
{
    sqlite3_stmt *st = prepare(db, sql);
    if (!st)
        return NULL;
    if ((size_t)sqlite3_bind_parameter_count(st) != strlen(fmt)) {
        log_error("db: %d parameters but format \"%s\" in: %.120s", sqlite3_bind_parameter_count(st), fmt, sql);
        return NULL;
    }
    int idx = 1, rc = SQLITE_OK;
    for (const char *f = fmt; *f && rc == SQLITE_OK; f++, idx++) {
        switch (*f) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, idx);
            break;
        }
        case 'i':
            rc = sqlite3_bind_int64(st, idx, va_arg(ap, int64_t));
            break;
        case 'n':
            rc = sqlite3_bind_int(st, idx, va_arg(ap, int));
            break;
        case 'b': { /* two arguments: const void *, size_t */
            const void *p = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            rc = sqlite3_bind_blob64(st, idx, p ? p : "", (sqlite3_uint64)len, SQLITE_STATIC);
            break;
        }
        default:
            log_error("db: bad bind format '%c'", *f);
            rc = SQLITE_MISUSE;
        }
    }
    if (rc != SQLITE_OK) {
        log_error("db: bind failed: %s", sqlite3_errmsg(db->h));
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return NULL;
    }
    return (struct db_stmt *)st;
}

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct db_stmt *st = bindv(db, sql, fmt, ap);
    va_end(ap);
    return st;
}

static int map_rc(sqlite3 *h, int rc)
{
    switch (rc) {
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_CONSTRAINT:
        return DB_CONSTRAINT;
    default:
        log_error("db: %s", sqlite3_errmsg(h));
        return DB_ERROR;
    }
}

int db_step(struct db_stmt *st)
{
    return map_rc(sqlite3_db_handle(ST(st)), sqlite3_step(ST(st)));
}

void db_done(struct db_stmt *st)
{
    if (!st)
        return;
    sqlite3_reset(ST(st));
    sqlite3_clear_bindings(ST(st));
}

int db_run(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct db_stmt *st = bindv(db, sql, fmt, ap);
    va_end(ap);
    if (!st)
        return DB_ERROR;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        ;
    db_done(st);
    return rc;
}

const char *db_text(struct db_stmt *st, int col) { return (const char *)sqlite3_column_text(ST(st), col); }
int64_t db_int(struct db_stmt *st, int col) { return sqlite3_column_int64(ST(st), col); }
int db_is_null(struct db_stmt *st, int col) { return sqlite3_column_type(ST(st), col) == SQLITE_NULL; }

const void *db_blob(struct db_stmt *st, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(ST(st), col);
    *n = (size_t)sqlite3_column_bytes(ST(st), col);
    return p;
}
int64_t db_changes(struct db *db) { return sqlite3_changes64(db->h); }
const char *db_errmsg(struct db *db) { return sqlite3_errmsg(db->h); }

void db_copy(struct db_stmt *st, int col, char *dst, unsigned size)
{
    const char *s = db_text(st, col);
    if (!s)
        s = "";
    size_t n = strlen(s);
    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

int db_begin(struct db *db) { return db_exec(db, "BEGIN IMMEDIATE"); }
int db_commit(struct db *db) { return db_exec(db, "COMMIT"); }

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}
