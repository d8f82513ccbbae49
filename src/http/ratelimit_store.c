/* The rate_counts table: one upsert per bucket per call, for nodes sharing a PostgreSQL store. */
#include "http/ratelimit_store.h"
#include "core/db.h"

int64_t rate_count_store_bump(struct db *db, const char *account_id, const char *bucket, int64_t period, int64_t cap)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO rate_counts (account_id, bucket, period, n) VALUES (?, ?, ?, 1) "
                                  "ON CONFLICT (account_id, bucket) DO UPDATE SET n = CASE WHEN rate_counts.period = "
                                  "excluded.period THEN rate_counts.n + 1 ELSE 1 END, period = excluded.period "
                                  "WHERE rate_counts.period <> excluded.period OR rate_counts.n < ? RETURNING n",
                                  "ssii", account_id, bucket, period, cap);
    int rc = st ? db_step(st) : DB_ERROR;
    int64_t n = rc == DB_ROW ? db_int(st, 0) : rc == DB_DONE ? 0 : -1;
    db_done(st);
    return n;
}

int64_t rate_count_store_get(struct db *db, const char *account_id, const char *bucket, int64_t period)
{
    struct db_stmt *st = db_query(db, "SELECT n FROM rate_counts WHERE account_id = ? AND bucket = ? AND period = ?",
                                  "ssi", account_id, bucket, period);
    int64_t n = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    return n;
}
