/* SQLite implementation of core/db.h. WAL with synchronous=NORMAL for files;
 * for ":memory:" every connection opens the same memdb so that all threads see
 * one database. */
#include "core/db.h"
#include "core/log.h"

#include <ctype.h>
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

/* Copies the word at *p (letters, digits, '_', '.') and moves past it and the blanks after it. */
static size_t take_word(const char **p, char *out, size_t size)
{
    size_t n = 0;
    const char *s = *p;
    while (*s && (isalnum((unsigned char)*s) || *s == '_' || *s == '.')) {
        if (n + 1 < size)
            out[n++] = *s;
        s++;
    }
    if (size)
        out[n] = '\0';
    while (*s && isspace((unsigned char)*s))
        s++;
    *p = s;
    return n;
}

/* The table after the first standalone `keyword` (upper case, as plaza writes SQL) in sql, or "". */
static void table_after(const char *sql, const char *keyword, char *out, size_t size)
{
    size_t k = strlen(keyword);
    out[0] = '\0';
    for (const char *s = sql; (s = strstr(s, keyword)); s += k) {
        if ((s == sql || isspace((unsigned char)s[-1])) && isspace((unsigned char)s[k])) {
            const char *p = s + k;
            while (*p && isspace((unsigned char)*p))
                p++;
            take_word(&p, out, size);
            return;
        }
    }
}

void db_statement_name(const char *sql, char *out, size_t size)
{
    char verb[16], table[64] = "";
    const char *p = sql;
    while (*p && isspace((unsigned char)*p))
        p++;
    take_word(&p, verb, sizeof verb);
    for (char *v = verb; *v; v++)
        *v = (char)toupper((unsigned char)*v);
    if (strcmp(verb, "INSERT") == 0)
        table_after(sql, "INTO", table, sizeof table), snprintf(out, size, "INSERT INTO %s", table);
    else if (strcmp(verb, "UPDATE") == 0)
        take_word(&p, table, sizeof table), snprintf(out, size, "UPDATE %s", table);
    else if (strcmp(verb, "DELETE") == 0 || strcmp(verb, "SELECT") == 0 || strcmp(verb, "WITH") == 0)
        table_after(sql, "FROM", table, sizeof table), snprintf(out, size, "%s FROM %s", verb, table);
    else /* BEGIN, COMMIT, pragmas, DDL: their first words say it */
        snprintf(out, size, "%.40s", sql);
    size_t n = strlen(out);
    if (n && out[n - 1] == ' ') /* a verb whose table was not found */
        out[n - 1] = '\0';
}

int db_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        char name[96];
        db_statement_name(sql, name, sizeof name);
        log_error("db: %s failed: %s", name, err ? err : sqlite3_errmsg(db->h));
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
        char name[96];
        db_statement_name(sql, name, sizeof name);
        log_error("db: %s: prepare failed: %s", name, sqlite3_errmsg(db->h));
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

int db_step(struct db_stmt *st)
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
