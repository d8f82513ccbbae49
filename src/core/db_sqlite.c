/* The SQLite engine of core/db.h. WAL with synchronous=NORMAL for files;
 * for ":memory:" every connection opens the same memdb so that all threads see
 * one database. */
#include "core/db_engine.h"
#include "core/log.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lite_stmt {
    struct db_stmt base;
    sqlite3_stmt *st;
};

struct lite {
    struct db base;
    sqlite3 *h;
    struct db_stmt_cache cache;
};

static const struct db_ops lite_ops;
#define ST(s) (((struct lite_stmt *)(s))->st)
#define LITE(d) ((struct lite *)(d))

static int lite_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(LITE(db)->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        char name[96];
        db_statement_name(sql, name, sizeof name);
        log_error("db: %s failed: %s", name, err ? err : sqlite3_errmsg(LITE(db)->h));
        sqlite3_free(err);
        return DB_ERROR;
    }
    return DB_DONE;
}

static int configure(struct lite *db, int in_memory)
{
    sqlite3_busy_timeout(db->h, 5000);
    const char *pragmas = in_memory ? "PRAGMA foreign_keys=ON;"
                                    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                                      "PRAGMA mmap_size=268435456; PRAGMA cache_size=-16000;";
    return lite_exec(&db->base, pragmas);
}

static void drop(struct db_stmt *st)
{
    sqlite3_finalize(ST(st));
    free(st);
}

static void lite_close(struct db *d)
{
    struct lite *db = LITE(d);
    db_cache_free(&db->cache, drop);
    sqlite3_close(db->h);
    free(db);
}

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/* Before SQLite initialises: no global memory statistics, whose lock every
 * allocation of every connection would otherwise take. */
static void global_config(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

int db_sqlite_open(struct db **out, const char *path)
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

    struct lite *db = calloc(1, sizeof *db);
    if (!db)
        return DB_ERROR;
    db->base.ops = &lite_ops;
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        log_error("db: cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "out of memory");
        lite_close(&db->base);
        return DB_ERROR;
    }
    sqlite3_extended_result_codes(db->h, 0);
    if (configure(db, in_memory) != DB_DONE) {
        lite_close(&db->base);
        return DB_ERROR;
    }
    *out = &db->base;
    return DB_DONE;
}

static struct lite_stmt *prepare(struct lite *db, const char *sql)
{
    struct lite_stmt *ls = (struct lite_stmt *)db_cache_find(&db->cache, sql);
    if (ls)
        return ls;
    ls = calloc(1, sizeof *ls);
    if (!ls)
        return NULL;
    /* Row locks are PostgreSQL's: SQLite's writers already take turns */
    static const char skip_locked[] = " FOR UPDATE SKIP LOCKED";
    const char *cut = strstr(sql, skip_locked);
    char *text = NULL;
    if (cut && (text = strdup(sql)) != NULL)
        memmove(text + (cut - sql), cut + sizeof skip_locked - 1, strlen(cut + sizeof skip_locked - 1) + 1);
    int prc = sqlite3_prepare_v3(db->h, text ? text : sql, -1, SQLITE_PREPARE_PERSISTENT, &ls->st, NULL);
    free(text);
    if (prc != SQLITE_OK) {
        char name[96];
        db_statement_name(sql, name, sizeof name);
        log_error("db: %s: prepare failed: %s", name, sqlite3_errmsg(db->h));
        free(ls);
        return NULL;
    }
    ls->base.ops = &lite_ops;
    if (db_cache_add(&db->cache, sql, &ls->base) != 0) {
        drop(&ls->base);
        return NULL;
    }
    return ls;
}

static struct db_stmt *lite_bindv(struct db *d, const char *sql, const char *fmt, va_list ap)
{
    struct lite *db = LITE(d);
    struct lite_stmt *ls = prepare(db, sql);
    if (!ls)
        return NULL;
    sqlite3_stmt *st = ls->st;
    char name[96];
    if ((size_t)sqlite3_bind_parameter_count(st) != strlen(fmt)) {
        db_statement_name(sql, name, sizeof name);
        log_error("db: %s: %d parameters but format \"%s\"", name, sqlite3_bind_parameter_count(st), fmt);
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
            rc = SQLITE_MISUSE;
        }
    }
    if (rc != SQLITE_OK) {
        db_statement_name(sql, name, sizeof name);
        log_error("db: %s: binding parameter %d failed: %s", name, idx - 1,
                  rc == SQLITE_MISUSE ? "bad format character" : sqlite3_errmsg(db->h));
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return NULL;
    }
    return &ls->base;
}

static int lite_step(struct db_stmt *st)
{
    int rc = sqlite3_step(ST(st));
    switch (rc) {
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_CONSTRAINT: /* an answer callers expect and handle (a name taken, a race lost) */
        return DB_CONSTRAINT;
    default: {
        char name[96];
        db_statement_name(sqlite3_sql(ST(st)), name, sizeof name);
        log_error("db: %s failed: %s", name, sqlite3_errmsg(sqlite3_db_handle(ST(st))));
        return DB_ERROR;
    }
    }
}

static void lite_done(struct db_stmt *st)
{
    sqlite3_reset(ST(st));
    sqlite3_clear_bindings(ST(st));
}

static const char *lite_text(struct db_stmt *st, int col) { return (const char *)sqlite3_column_text(ST(st), col); }
static int64_t lite_int(struct db_stmt *st, int col) { return sqlite3_column_int64(ST(st), col); }
static int lite_is_null(struct db_stmt *st, int col) { return sqlite3_column_type(ST(st), col) == SQLITE_NULL; }

static const void *lite_blob(struct db_stmt *st, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(ST(st), col);
    *n = (size_t)sqlite3_column_bytes(ST(st), col);
    return p;
}

static int64_t lite_changes(struct db *db) { return sqlite3_changes64(LITE(db)->h); }
static const char *lite_errmsg(struct db *db) { return sqlite3_errmsg(LITE(db)->h); }
static int lite_begin(struct db *db) { return lite_exec(db, "BEGIN IMMEDIATE"); }
static int lite_commit(struct db *db) { return lite_exec(db, "COMMIT"); }

static void lite_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(LITE(db)->h))
        sqlite3_exec(LITE(db)->h, "ROLLBACK", NULL, NULL, NULL);
}

/* One process owns an SQLite store; BEGIN IMMEDIATE already serialises its threads. */
static int lite_lock_schema(struct db *db, int lock)
{
    (void)db, (void)lock;
    return DB_DONE;
}

static int lite_healthy(struct db *db)
{
    (void)db;
    return 1;
}

static int lite_in_transaction(struct db *db) { return !sqlite3_get_autocommit(LITE(db)->h); }

static int lite_listen(struct db *db, const char *channel)
{
    (void)db, (void)channel;
    return DB_ERROR;
}

static int lite_notification(struct db *db, int timeout_ms, char *payload, size_t size)
{
    (void)db, (void)timeout_ms, (void)payload, (void)size;
    return DB_ERROR;
}

static const struct db_ops lite_ops = {
    .engine = DB_SQLITE,
    .close = lite_close,
    .exec = lite_exec,
    .bindv = lite_bindv,
    .step = lite_step,
    .done = lite_done,
    .text = lite_text,
    .integer = lite_int,
    .is_null = lite_is_null,
    .blob = lite_blob,
    .changes = lite_changes,
    .errmsg = lite_errmsg,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .ddl = NULL,
    .lock_schema = lite_lock_schema,
    .healthy = lite_healthy,
    .in_transaction = lite_in_transaction,
    .listen = lite_listen,
    .notification = lite_notification,
};
