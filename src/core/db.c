/* The store interface (core/db.h): picks an engine by the path's form and
 * dispatches to it (db_sqlite.c, db_pg.c); names statements for logs; runs
 * transactions. */
#include "core/db_engine.h"
#include "core/log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int db_is_postgres_url(const char *path)
{
    return strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0;
}

int db_open(struct db **out, const char *path)
{
    return db_is_postgres_url(path) ? db_pg_open(out, path) : db_sqlite_open(out, path);
}

void db_close(struct db *db)
{
    if (db)
        db->ops->close(db);
}

enum db_engine db_engine(struct db *db) { return db->ops->engine; }

void db_display_name(const char *path, char *out, size_t size)
{
    const char *at, *colon, *start = strstr(path, "://");
    if (!db_is_postgres_url(path) || !start || !(at = strchr(start + 3, '@')) ||
        !(colon = memchr(start + 3, ':', (size_t)(at - start - 3)))) {
        snprintf(out, size, "%s", path);
        return;
    }
    snprintf(out, size, "%.*s:***%s", (int)(colon - path), path, at);
}

int db_exec(struct db *db, const char *sql) { return db->ops->exec(db, sql); }

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct db_stmt *st = db->ops->bindv(db, sql, fmt, ap);
    va_end(ap);
    return st;
}

int db_step(struct db_stmt *st) { return st->ops->step(st); }

void db_done(struct db_stmt *st)
{
    if (st)
        st->ops->done(st);
}

int db_run(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct db_stmt *st = db->ops->bindv(db, sql, fmt, ap);
    va_end(ap);
    if (!st)
        return DB_ERROR;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        ;
    db_done(st);
    return rc;
}

const char *db_text(struct db_stmt *st, int col) { return st->ops->text(st, col); }
int64_t db_int(struct db_stmt *st, int col) { return st->ops->integer(st, col); }
int db_is_null(struct db_stmt *st, int col) { return st->ops->is_null(st, col); }
const void *db_blob(struct db_stmt *st, int col, size_t *n) { return st->ops->blob(st, col, n); }
int64_t db_changes(struct db *db) { return db->ops->changes(db); }
const char *db_errmsg(struct db *db) { return db->ops->errmsg(db); }
int db_begin(struct db *db) { return db->ops->begin(db); }
int db_commit(struct db *db) { return db->ops->commit(db); }
void db_rollback(struct db *db) { db->ops->rollback(db); }
int db_healthy(struct db *db) { return db->ops->healthy(db); }
int db_in_transaction(struct db *db) { return db->ops->in_transaction(db); }

int db_abandon(struct db *db)
{
    if (!db->ops->in_transaction(db))
        return 0;
    db->ops->rollback(db);
    return 1;
}
int db_listen(struct db *db, const char *channel) { return db->ops->listen(db, channel); }

int db_notification(struct db *db, int timeout_ms, char *payload, size_t size)
{
    return db->ops->notification(db, timeout_ms, payload, size);
}

/* A transaction inside one already open (a change that http/revision.c runs
 * with its revision's claim): a savepoint, so that fn's failure undoes fn's
 * writes alone, as a transaction of its own would. */
static int nested_transaction(struct db *db, int (*fn)(struct db *db, void *arg), void *arg)
{
    if (db_exec(db, "SAVEPOINT plaza_nested") != DB_DONE)
        return DB_ERROR;
    int rc = fn(db, arg);
    if (rc == 0 && db_exec(db, "RELEASE SAVEPOINT plaza_nested") == DB_DONE)
        return 0;
    db_exec(db, "ROLLBACK TO SAVEPOINT plaza_nested");
    db_exec(db, "RELEASE SAVEPOINT plaza_nested");
    return rc ? rc : DB_ERROR;
}

int db_transaction(struct db *db, int (*fn)(struct db *db, void *arg), void *arg)
{
    if (db_in_transaction(db))
        return nested_transaction(db, fn, arg);
    if (db_begin(db) != DB_DONE)
        return DB_ERROR;
    int rc = fn(db, arg);
    if (rc == 0 && db_commit(db) == DB_DONE)
        return 0;
    db_rollback(db);
    return rc ? rc : DB_ERROR;
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


int db_exec_ddl(struct db *db, const char *sql)
{
    if (!db->ops->ddl)
        return db_exec(db, sql);
    char *text = db->ops->ddl(sql);
    if (!text)
        return DB_ERROR;
    int rc = db_exec(db, text);
    free(text);
    return rc;
}

int db_lock_schema(struct db *db, int lock) { return db->ops->lock_schema(db, lock); }

static unsigned slot_of(const char *sql, unsigned cap)
{
    uintptr_t x = (uintptr_t)sql;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (unsigned)(x >> 7) & (cap - 1);
}

struct db_stmt *db_cache_find(const struct db_stmt_cache *c, const char *sql)
{
    if (!c->cap)
        return NULL;
    for (unsigned i = slot_of(sql, c->cap); c->slots[i].sql; i = (i + 1) & (c->cap - 1))
        if (c->slots[i].sql == sql)
            return c->slots[i].st;
    return NULL;
}

static int grow(struct db_stmt_cache *c)
{
    unsigned cap = c->cap ? c->cap * 2 : 256;
    struct cached_stmt *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (unsigned i = 0; i < c->cap; i++) {
        if (!c->slots[i].sql)
            continue;
        unsigned j = slot_of(c->slots[i].sql, cap);
        while (slots[j].sql)
            j = (j + 1) & (cap - 1);
        slots[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
    return 0;
}

int db_cache_add(struct db_stmt_cache *c, const char *sql, struct db_stmt *st)
{
    if (c->len * 2 >= c->cap && grow(c) != 0)
        return -1;
    unsigned i = slot_of(sql, c->cap);
    while (c->slots[i].sql)
        i = (i + 1) & (c->cap - 1);
    c->slots[i].sql = sql;
    c->slots[i].st = st;
    c->len++;
    return 0;
}

void db_cache_each(struct db_stmt_cache *c, void (*fn)(struct db_stmt *st))
{
    for (unsigned i = 0; i < c->cap; i++)
        if (c->slots[i].st)
            fn(c->slots[i].st);
}

void db_cache_free(struct db_stmt_cache *c, void (*drop)(struct db_stmt *st))
{
    db_cache_each(c, drop);
    free(c->slots);
    memset(c, 0, sizeof *c);
}
