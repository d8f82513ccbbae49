/* The store of rate-limit counters shared by nodes (the rate_counts table):
 * only http/ratelimit_store.c reads or writes it. A counter is one
 * (account, bucket) pair holding the count of its current period. */
#ifndef PLAZA_RATELIMIT_STORE_H
#define PLAZA_RATELIMIT_STORE_H

#include <stdint.h>

struct db;

/* `bucket`'s count for `period` plus one, a new period starting at 1, unless
 * it already reached `cap`: the count after, 0 when at the cap, -1 when the
 * store failed. */
int64_t rate_count_store_bump(struct db *db, const char *account_id, const char *bucket, int64_t period, int64_t cap);
/* `bucket`'s count for `period`, 0 when none (or the store failed). */
int64_t rate_count_store_get(struct db *db, const char *account_id, const char *bucket, int64_t period);

#endif
