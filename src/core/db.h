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

enum db_engine { DB_SQLITE, DB_POSTGRES };

enum db_result {
    DB_ROW = 1,         /* db_step: a row is ready */
    DB_DONE = 0,        /* db_step/db_run: finished */
    DB_ERROR = -1,      /* anything else; details in db_errmsg() */
    DB_CONSTRAINT = -2, /* a UNIQUE/CHECK/FOREIGN KEY constraint refused the change */
};

/* Opens `path`: a PostgreSQL connection URL (postgres://user@host/db or
 * postgresql://...), ":memory:" (an in-memory SQLite database shared by every
 * connection of this process), or an SQLite file. */
int db_open(struct db **out, const char *path);
void db_close(struct db *db); /* NULL is a no-op */
int db_is_postgres_url(const char *path);
enum db_engine db_engine(struct db *db);

/* The store's location for people to read: a PostgreSQL URL without its password. */
void db_display_name(const char *path, char *out, size_t size);

/* Brings the schema to the newest migration (core/schema.c). */
int db_migrate(struct db *db);

/* Runs one or more statements without parameters (DDL, pragmas). */
int db_exec(struct db *db, const char *sql);
/* The same for a migration, in the engine's dialect (core/db_pg.c says what changes). */
int db_exec_ddl(struct db *db, const char *sql);
/* Takes (lock=1) or gives back (0) the right to migrate, among processes sharing the store. */
int db_lock_schema(struct db *db, int lock);

int db_begin(struct db *db); /* a write transaction (BEGIN IMMEDIATE on SQLite) */
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Runs fn(db, arg) in one transaction: committed when fn returns 0, rolled
 * back otherwise (fn's value is returned). The single way a change spanning
 * several statements is made. Returns DB_ERROR when the store fails. (On
 * PostgreSQL a statement of its own that loses a deadlock is run again, twice
 * at most; a transaction that loses one fails.) Inside a transaction already
 * open, fn runs in a savepoint: its failure undoes its own writes, and the
 * outer transaction decides the commit. */
int db_transaction(struct db *db, int (*fn)(struct db *db, void *arg), void *arg);

/* 1 while the connection is usable (PostgreSQL reconnects on the next
 * statement after a failure); SQLite is always usable. */
int db_healthy(struct db *db);

/* 1 while a transaction is open: a request ends with none (http/dispatch.c). */
int db_in_transaction(struct db *db);
/* Rolls back a transaction left open, if any: 1 when there was one. */
int db_abandon(struct db *db);

/* Notifications between processes sharing a PostgreSQL store (core/sync.c):
 * db_listen subscribes this connection to `channel`; db_notification waits
 * up to timeout_ms for the next payload: 1 with it in `payload`, 0 when none
 * came, DB_ERROR when the connection failed. SQLite has neither (DB_ERROR). */
int db_listen(struct db *db, const char *channel);
int db_notification(struct db *db, int timeout_ms, char *payload, size_t size);

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
