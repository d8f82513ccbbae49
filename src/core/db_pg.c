/* The PostgreSQL engine of core/db.h, on libpq. One connection per `struct
 * db`. Statements are prepared once per connection, named after their place in
 * the cache, with plaza's `?` placeholders numbered ($1, $2, ...) on the way.
 * Results come as text (bytea unescaped on demand, booleans read as 0 and 1).
 *
 * A connection that breaks (the server restarted, the network went away)
 * fails the statement at hand at once; the next statement reconnects, so a
 * node recovers by itself when the server is back. */
#include "core/db_engine.h"
#include "core/log.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BYTEA_OID 17
#define INT8_OID 20
#define TEXT_OID 25
#define PARAMS_MAX 64
#define CONNECT_TIMEOUT "3"

struct pg_stmt {
    struct db_stmt base;
    struct pg *db;
    const char *sql;
    unsigned index;    /* names the prepared statement: s<index> */
    unsigned nparams;
    int prepared;      /* in this connection's session */
    int writes;        /* an INSERT or UPDATE, which a constraint may refuse */
    int executed;
    PGresult *res;
    int row, rows;
    unsigned char *blob; /* the last unescaped bytea */
    const char *vals[PARAMS_MAX];
    int lens[PARAMS_MAX], fmts[PARAMS_MAX];
    char *arena; /* the bound values' text */
    size_t arena_len, arena_cap;
};

struct pg {
    struct db base;
    PGconn *conn;
    char *url;
    struct db_stmt_cache cache;
    unsigned next_index;
    int64_t changes;
    char err[256];
};

static const struct db_ops pg_ops;
#define PG(d) ((struct pg *)(d))
#define PST(s) ((struct pg_stmt *)(s))

static void set_err(struct pg *db, const char *msg)
{
    snprintf(db->err, sizeof db->err, "%s", msg ? msg : "unknown error");
    size_t n = strlen(db->err);
    while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
        db->err[--n] = '\0';
}

static void notice_quiet(void *arg, const char *message) { (void)arg, (void)message; }

static void unprepare(struct db_stmt *st) { PST(st)->prepared = 0; }

static int connect_now(struct pg *db)
{
    /* a lock waited for longer than SQLite's busy timeout fails the same way */
    const char *keys[] = {"dbname", "connect_timeout", "application_name", "options", NULL};
    const char *vals[] = {db->url, CONNECT_TIMEOUT, "plaza", "-c lock_timeout=5000", NULL};
    db->conn = PQconnectdbParams(keys, vals, 1);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
        set_err(db, db->conn ? PQerrorMessage(db->conn) : "out of memory");
        PQfinish(db->conn);
        db->conn = NULL;
        return -1;
    }
    PQsetNoticeProcessor(db->conn, notice_quiet, NULL);
    db_cache_each(&db->cache, unprepare); /* a new session has none */
    return 0;
}

/* A usable connection, reconnecting after a failure; logs once per outage. */
static int ensure_conn(struct pg *db)
{
    if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
        return 0;
    if (db->conn) {
        PQfinish(db->conn);
        db->conn = NULL;
    }
    return connect_now(db);
}

int db_pg_open(struct db **out, const char *url)
{
    struct pg *db = calloc(1, sizeof *db);
    if (!db || !(db->url = strdup(url))) {
        free(db);
        return DB_ERROR;
    }
    db->base.ops = &pg_ops;
    if (connect_now(db) != 0) {
        char shown[512];
        db_display_name(url, shown, sizeof shown);
        log_error("db: cannot connect to %s: %s", shown, db->err);
        free(db->url);
        free(db);
        return DB_ERROR;
    }
    *out = &db->base;
    return DB_DONE;
}

static void stmt_clear(struct pg_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    PQfreemem(st->blob);
    st->blob = NULL;
    st->executed = 0;
    st->row = st->rows = 0;
    st->arena_len = 0;
}

static void drop(struct db_stmt *s)
{
    struct pg_stmt *st = PST(s);
    stmt_clear(st);
    free(st->arena);
    free(st);
}

static void pg_close(struct db *d)
{
    struct pg *db = PG(d);
    db_cache_free(&db->cache, drop);
    PQfinish(db->conn);
    free(db->url);
    free(db);
}

/* SQLSTATE class 23: integrity constraint violation. */
static int is_constraint(const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state && strncmp(state, "23", 2) == 0;
}

/* Deadlock detected, or a serialization failure. */
static int is_retryable(const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state && (strcmp(state, "40P01") == 0 || strcmp(state, "40001") == 0);
}

static int pg_exec(struct db *d, const char *sql)
{
    struct pg *db = PG(d);
    if (ensure_conn(db) != 0) {
        log_error("db: PostgreSQL unavailable: %s", db->err);
        return DB_ERROR;
    }
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = DB_DONE;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        char name[96];
        db_statement_name(sql, name, sizeof name);
        set_err(db, PQresultErrorMessage(res));
        log_error("db: %s failed: %s", name, db->err);
        rc = is_constraint(res) ? DB_CONSTRAINT : DB_ERROR;
    }
    PQclear(res);
    return rc;
}

/* `sql` with each `?` outside quotes as $1, $2, ... (and ?N as $N); the count in *n. */
static char *numbered(const char *sql, unsigned *n)
{
    size_t len = strlen(sql);
    char *out = malloc(len * 4 + 1);
    if (!out)
        return NULL;
    char *o = out, quote = 0;
    *n = 0;
    for (const char *s = sql; *s; s++) {
        if (quote) {
            if (*s == quote)
                quote = 0;
            *o++ = *s;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
            *o++ = *s;
        } else if (*s == '?' && s[1] >= '1' && s[1] <= '9') {
            char *end;
            unsigned long k = strtoul(s + 1, &end, 10);
            o += sprintf(o, "$%lu", k);
            if (k > *n)
                *n = (unsigned)k;
            s = end - 1;
        } else if (*s == '?') {
            o += sprintf(o, "$%u", ++*n);
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static struct pg_stmt *cached_stmt(struct pg *db, const char *sql)
{
    struct pg_stmt *st = (struct pg_stmt *)db_cache_find(&db->cache, sql);
    if (st)
        return st;
    st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->base.ops = &pg_ops;
    st->db = db;
    st->sql = sql;
    st->index = db->next_index++;
    const char *verb = sql;
    while (*verb == ' ' || *verb == '\n')
        verb++;
    st->writes = strncmp(verb, "INSERT", 6) == 0 || strncmp(verb, "UPDATE", 6) == 0;
    if (db_cache_add(&db->cache, sql, &st->base) != 0) {
        free(st);
        return NULL;
    }
    return st;
}

/* Prepares st in this session. Integers and blobs are typed by their format
 * letter; text is left to the server to infer from where it stands (a column
 * of any type), and typed text only where it cannot place it (`? IS NULL`). */
static int prepare(struct pg *db, struct pg_stmt *st, const char *fmt)
{
    unsigned n;
    char *text = numbered(st->sql, &n), name[24];
    if (!text)
        return -1;
    if (n > PARAMS_MAX || n != strlen(fmt)) {
        db_statement_name(st->sql, name, sizeof name);
        log_error("db: %s: %u parameters but format \"%s\"", name, n, fmt);
        free(text);
        return -1;
    }
    Oid types[PARAMS_MAX];
    for (unsigned i = 0; i < n; i++)
        types[i] = fmt[i] == 'b' ? BYTEA_OID : fmt[i] == 's' ? 0 : INT8_OID;
    snprintf(name, sizeof name, "s%u", st->index);
    PGresult *res = PQprepare(db->conn, name, text, (int)n, types);
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0)) {
        PQclear(res);
        for (unsigned i = 0; i < n; i++)
            types[i] = fmt[i] == 'b' ? BYTEA_OID : fmt[i] == 's' ? TEXT_OID : INT8_OID;
        res = PQprepare(db->conn, name, text, (int)n, types);
    }
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
        char stname[96];
        db_statement_name(st->sql, stname, sizeof stname);
        set_err(db, PQresultErrorMessage(res));
        log_error("db: %s: prepare failed: %s", stname, db->err);
    }
    PQclear(res);
    free(text);
    st->nparams = n;
    st->prepared = ok;
    return ok ? 0 : -1;
}

static char *arena_put(struct pg_stmt *st, const char *s, size_t n)
{
    if (st->arena_len + n + 1 > st->arena_cap) {
        size_t cap = st->arena_cap ? st->arena_cap : 256;
        while (cap < st->arena_len + n + 1)
            cap *= 2;
        char *a = realloc(st->arena, cap);
        if (!a)
            return NULL;
        st->arena = a;
        st->arena_cap = cap;
    }
    memcpy(st->arena + st->arena_len, s, n);
    st->arena[st->arena_len + n] = '\0';
    st->arena_len += n + 1;
    return st->arena + st->arena_len - n - 1;
}

static struct db_stmt *pg_bindv(struct db *d, const char *sql, const char *fmt, va_list ap)
{
    struct pg *db = PG(d);
    struct pg_stmt *st = cached_stmt(db, sql);
    if (!st)
        return NULL;
    stmt_clear(st);
    if (ensure_conn(db) != 0) {
        log_error("db: PostgreSQL unavailable: %s", db->err);
        return NULL;
    }
    if (!st->prepared && prepare(db, st, fmt) != 0)
        return NULL;
    if (strlen(fmt) != st->nparams)
        return NULL;
    /* offsets first: the arena may move while it fills */
    size_t offs[PARAMS_MAX];
    int null[PARAMS_MAX] = {0};
    unsigned i = 0;
    for (const char *f = fmt; *f; f++, i++) {
        char num[24];
        const char *s = NULL;
        size_t n = 0;
        st->fmts[i] = 0;
        switch (*f) {
        case 's':
            if (!(s = va_arg(ap, const char *)))
                null[i] = 1;
            else
                n = strlen(s);
            break;
        case 'i':
            n = (size_t)snprintf(num, sizeof num, "%lld", (long long)va_arg(ap, int64_t));
            s = num;
            break;
        case 'n':
            n = (size_t)snprintf(num, sizeof num, "%d", va_arg(ap, int));
            s = num;
            break;
        case 'b': /* sent as binary, not copied: it lives until the statement is done */
            st->vals[i] = va_arg(ap, const char *);
            st->lens[i] = (int)va_arg(ap, size_t);
            if (!st->vals[i])
                st->vals[i] = "";
            st->fmts[i] = 1;
            offs[i] = SIZE_MAX;
            continue;
        default:
            log_error("db: binding parameter %u failed: bad format character", i + 1);
            return NULL;
        }
        if (null[i]) {
            offs[i] = SIZE_MAX;
            st->vals[i] = NULL;
            continue;
        }
        if (!arena_put(st, s, n))
            return NULL;
        offs[i] = st->arena_len - n - 1;
        st->lens[i] = (int)n;
    }
    for (i = 0; i < st->nparams; i++)
        if (offs[i] != SIZE_MAX)
            st->vals[i] = st->arena + offs[i];
    return &st->base;
}

static int pg_step(struct db_stmt *s)
{
    struct pg_stmt *st = PST(s);
    struct pg *db = st->db;
    if (!st->executed) {
        char name[24];
        snprintf(name, sizeof name, "s%u", st->index);
        /* SQLite goes on after a refused write inside a transaction, and plaza's
         * callers rely on it (a taken name, a number tried again): a write
         * there gets a savepoint to fall back to */
        int guarded = st->writes && PQtransactionStatus(db->conn) == PQTRANS_INTRANS;
        if (guarded)
            PQclear(PQexec(db->conn, "SAVEPOINT plaza_write"));
        st->res = PQexecPrepared(db->conn, name, (int)st->nparams, st->vals, st->lens, st->fmts, 0);
        /* a statement of its own that lost a deadlock (to another node's worker, say) was rolled back whole:
         * it is run again, twice at most */
        for (int again = 0; again < 2 && !guarded && is_retryable(st->res) &&
                            PQtransactionStatus(db->conn) == PQTRANS_IDLE;
             again++) {
            PQclear(st->res);
            st->res = PQexecPrepared(db->conn, name, (int)st->nparams, st->vals, st->lens, st->fmts, 0);
        }
        if (guarded && is_constraint(st->res))
            PQclear(PQexec(db->conn, "ROLLBACK TO SAVEPOINT plaza_write"));
        st->executed = 1;
        st->row = -1;
        ExecStatusType status = PQresultStatus(st->res);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            st->rows = status == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
            const char *t = PQcmdTuples(st->res);
            db->changes = t && *t ? strtoll(t, NULL, 10) : 0;
        } else {
            set_err(db, PQresultErrorMessage(st->res));
            if (is_constraint(st->res))
                return DB_CONSTRAINT;
            char stname[96];
            db_statement_name(st->sql, stname, sizeof stname);
            log_error("db: %s failed: %s", stname, db->err);
            return DB_ERROR;
        }
    }
    if (st->blob) {
        PQfreemem(st->blob);
        st->blob = NULL;
    }
    if (st->row + 1 < st->rows) {
        st->row++;
        return DB_ROW;
    }
    st->row = st->rows;
    return DB_DONE;
}

static void pg_done(struct db_stmt *s) { stmt_clear(PST(s)); }

static int has_value(struct pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < st->rows && col < PQnfields(st->res) &&
           !PQgetisnull(st->res, st->row, col);
}

static const char *pg_text(struct db_stmt *s, int col)
{
    struct pg_stmt *st = PST(s);
    return has_value(st, col) ? PQgetvalue(st->res, st->row, col) : NULL;
}

static int64_t pg_int(struct db_stmt *s, int col)
{
    const char *v = pg_text(s, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1; /* a boolean */
    return strtoll(v, NULL, 10);
}

static int pg_is_null(struct db_stmt *s, int col) { return !has_value(PST(s), col); }

static const void *pg_blob(struct db_stmt *s, int col, size_t *n)
{
    struct pg_stmt *st = PST(s);
    *n = 0;
    const char *v = pg_text(s, col);
    if (!v)
        return NULL;
    PQfreemem(st->blob);
    st->blob = PQunescapeBytea((const unsigned char *)v, n);
    return st->blob;
}

static int64_t pg_changes(struct db *db) { return PG(db)->changes; }
static const char *pg_errmsg(struct db *db) { return PG(db)->err; }
static int pg_begin(struct db *db) { return pg_exec(db, "BEGIN"); }
static int pg_commit(struct db *db) { return pg_exec(db, "COMMIT"); }

static void pg_rollback(struct db *d)
{
    struct pg *db = PG(d);
    if (db->conn && PQstatus(db->conn) == CONNECTION_OK && PQtransactionStatus(db->conn) != PQTRANS_IDLE)
        PQclear(PQexec(db->conn, "ROLLBACK"));
}

/* Nodes starting together take turns at the migrations. */
static int pg_lock_schema(struct db *db, int lock)
{
    return pg_exec(db, lock ? "SELECT pg_advisory_lock(7034125)" : "SELECT pg_advisory_unlock(7034125)");
}

static int pg_healthy(struct db *db) { return ensure_conn(PG(db)) == 0; }

/* Is `word` at s, standing alone? */
static int word_at(const char *s, const char *start, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(s, word, n) != 0)
        return 0;
    if (s > start && (s[-1] == '_' || (s[-1] >= 'A' && s[-1] <= 'Z') || (s[-1] >= 'a' && s[-1] <= 'z')))
        return 0;
    char c = s[n];
    return !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
}

/* The migrations are written once, in the SQL both engines read, with SQLite's
 * names for three column types; PostgreSQL's are put in here: an INTEGER
 * PRIMARY KEY (SQLite's row id, given when not set) becomes an identity, every
 * other INTEGER a BIGINT (SQLite's integers are 64-bit), a BLOB a BYTEA. */
static char *pg_ddl(const char *sql)
{
    static const struct {
        const char *from, *to;
    } words[] = {
        {"INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"INTEGER", "BIGINT"},
        {"BLOB", "BYTEA"},
    };
    size_t len = strlen(sql);
    char *out = malloc(len * 3 + 1), *o = out, quote = 0;
    if (!out)
        return NULL;
    for (const char *s = sql; *s;) {
        if (quote) {
            if (*s == quote)
                quote = 0;
            *o++ = *s++;
            continue;
        }
        if (*s == '\'' || *s == '"') {
            quote = *s;
            *o++ = *s++;
            continue;
        }
        size_t w = 0;
        for (; w < sizeof words / sizeof words[0]; w++)
            if (word_at(s, sql, words[w].from))
                break;
        if (w < sizeof words / sizeof words[0]) {
            o += sprintf(o, "%s", words[w].to);
            s += strlen(words[w].from);
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static int pg_in_transaction(struct db *d)
{
    struct pg *db = PG(d);
    return db->conn && PQtransactionStatus(db->conn) != PQTRANS_IDLE;
}

static int pg_listen(struct db *d, const char *channel)
{
    struct pg *db = PG(d);
    if (ensure_conn(db) != 0)
        return DB_ERROR;
    char *name = PQescapeIdentifier(db->conn, channel, strlen(channel)), sql[128];
    if (!name)
        return DB_ERROR;
    snprintf(sql, sizeof sql, "LISTEN %s", name);
    PQfreemem(name);
    return pg_exec(d, sql);
}

static int pg_notification(struct db *d, int timeout_ms, char *payload, size_t size)
{
    struct pg *db = PG(d);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK)
        return DB_ERROR;
    PGnotify *n = NULL;
    for (int waited = 0;; waited = 1) {
        if (!PQconsumeInput(db->conn)) {
            set_err(db, PQerrorMessage(db->conn));
            return DB_ERROR;
        }
        if ((n = PQnotifies(db->conn)) || waited)
            break;
        struct pollfd p = {.fd = PQsocket(db->conn), .events = POLLIN};
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno != EINTR)
            return DB_ERROR;
        if (r <= 0)
            return 0;
    }
    if (!n)
        return 0;
    snprintf(payload, size, "%s", n->extra);
    PQfreemem(n);
    return 1;
}

static const struct db_ops pg_ops = {
    .engine = DB_POSTGRES,
    .close = pg_close,
    .exec = pg_exec,
    .bindv = pg_bindv,
    .step = pg_step,
    .done = pg_done,
    .text = pg_text,
    .integer = pg_int,
    .is_null = pg_is_null,
    .blob = pg_blob,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .ddl = pg_ddl,
    .lock_schema = pg_lock_schema,
    .healthy = pg_healthy,
    .in_transaction = pg_in_transaction,
    .listen = pg_listen,
    .notification = pg_notification,
};
