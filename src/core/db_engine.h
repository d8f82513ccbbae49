/* What each store engine (db_sqlite.c, db_pg.c) gives core/db.c. Not for
 * callers: they use core/db.h, which dispatches here. */
#ifndef PLAZA_DB_ENGINE_H
#define PLAZA_DB_ENGINE_H

#include "core/db.h"

#include <stdarg.h>

struct db_ops {
    enum db_engine engine;
    void (*close)(struct db *db);
    int (*exec)(struct db *db, const char *sql);
    struct db_stmt *(*bindv)(struct db *db, const char *sql, const char *fmt, va_list ap);
    int (*step)(struct db_stmt *st);
    void (*done)(struct db_stmt *st);
    const char *(*text)(struct db_stmt *st, int col);
    int64_t (*integer)(struct db_stmt *st, int col);
    int (*is_null)(struct db_stmt *st, int col);
    const void *(*blob)(struct db_stmt *st, int col, size_t *n);
    int64_t (*changes)(struct db *db);
    const char *(*errmsg)(struct db *db);
    int (*begin)(struct db *db);
    int (*commit)(struct db *db);
    void (*rollback)(struct db *db);
    /* the migration text in this engine's dialect (malloc'ed), or NULL to use it as written */
    char *(*ddl)(const char *sql);
    /* serialises migrations between processes sharing the store (no-op when there is one) */
    int (*lock_schema)(struct db *db, int lock);
    int (*healthy)(struct db *db);
    int (*in_transaction)(struct db *db);
    int (*listen)(struct db *db, const char *channel);
    int (*notification)(struct db *db, int timeout_ms, char *payload, size_t size);
};

/* Every engine's connection and statement start with their engine's operations. */
struct db {
    const struct db_ops *ops;
};
struct db_stmt {
    const struct db_ops *ops;
};

/* Each connection's prepared statements, found by the address of their SQL
 * text (callers pass string literals): open addressing, grown by doubling. */
struct db_stmt_cache {
    struct cached_stmt {
        const char *sql;
        struct db_stmt *st;
    } *slots;
    unsigned cap, len;
};
struct db_stmt *db_cache_find(const struct db_stmt_cache *c, const char *sql);
int db_cache_add(struct db_stmt_cache *c, const char *sql, struct db_stmt *st); /* 0, or -1 out of memory */
void db_cache_each(struct db_stmt_cache *c, void (*fn)(struct db_stmt *st));
void db_cache_free(struct db_stmt_cache *c, void (*drop)(struct db_stmt *st)); /* drop each, then the table */

int db_sqlite_open(struct db **out, const char *path);
int db_pg_open(struct db **out, const char *url);

#endif
