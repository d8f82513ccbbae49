/* The store: a small interface over one database connection.
 *
 * Each event-loop thread owns one `struct db`. Statements are prepared once per
 * connection and cached by the address of their SQL text, so callers pass
 * string literals. SQL written against this interface stays portable
 * (positional `?` parameters, ON CONFLICT, RETURNING; no engine-only functions)
 * so that a PostgreSQL backend can implement the same functions. */
#ifndef PLAZA_DB_H
#define PLAZA_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_result {
    DB_ROW = 1,         /* db_step: a row is ready */
    DB_DONE = 0,        /* db_step/db_run: finished */
    DB_ERROR = -1,      /* anything else; details in db_errmsg() */
    DB_CONSTRAINT = -2, /* a UNIQUE/CHECK/FOREIGN KEY constraint refused the change */
};

/* Opens `path`, or an in-memory database shared by every connection of this
 * process opened with the same name when path is ":memory:". */
int db_open(struct db **out, const char *path);
void db_close(struct db *db); /* NULL is a no-op */

/* Brings the schema to the newest migration (core/schema.c). */
int db_migrate(struct db *db);

/* Runs one or more statements without parameters (DDL, pragmas). */
int db_exec(struct db *db, const char *sql);

int db_begin(struct db *db); /* a write transaction (BEGIN IMMEDIATE) */
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Prepares (or reuses) `sql` and binds arguments described by `fmt`, one
 * character per `?`:  s = const char * (NULL binds NULL),  i = int64_t,
 * n = int,  b = a blob as two arguments, const void * and size_t (not
 * copied: it must live until the statement is stepped and done).
 * Returns NULL on error (logged). The caller steps it and calls
 * db_done() when finished. */
struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...);
int db_step(struct db_stmt *st);
void db_done(struct db_stmt *st); /* resets for reuse; NULL is a no-op */

/* Runs a statement that returns no rows: DB_DONE, DB_CONSTRAINT or DB_ERROR. */
int db_run(struct db *db, const char *sql, const char *fmt, ...);

/* Column access for the current row; text is NULL for SQL NULL and lives
 * until the next step or db_done. */
const char *db_text(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);
int db_is_null(struct db_stmt *st, int col);
/* A blob column: its bytes (until the next step or db_done) and length. */
const void *db_blob(struct db_stmt *st, int col, size_t *n);

int64_t db_changes(struct db *db);
const char *db_errmsg(struct db *db);

/* A statement's name in logs: its verb and the table it works on
 * ("UPDATE deliveries", "INSERT INTO refresh_tokens", "SELECT FROM
 * auth_codes"), or its first words. Every failure the store logs names the
 * statement this way, with the SQLite message; log.c adds the request. */
void db_statement_name(const char *sql, char *out, size_t size);

/* Copies column text into a fixed buffer (truncating, always terminated). */
void db_copy(struct db_stmt *st, int col, char *dst, unsigned size);

#endif
