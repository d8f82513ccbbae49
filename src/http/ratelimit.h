/* Zoom's rate limits (zoom-wire §2.3): per account and per label (Light,
 * Medium, Heavy, Resource-intensive), a per-second (or per-minute) allowance
 * and, where the plan has one, a daily allowance; plus the per-host daily
 * allowance of meeting creates and updates. Off unless `--rate-limits zoom`
 * or the account's own setting turns them on. Windows follow the virtual
 * clock, so a test can move past them. */
#ifndef PLAZA_RATELIMIT_H
#define PLAZA_RATELIMIT_H

#include <stdint.h>

struct db;

enum ratelimit_mode { RATELIMIT_OFF, RATELIMIT_ZOOM };

struct ratelimit_verdict {
    int limited;          /* 1: answer 429 */
    const char *category; /* "Light", ... */
    const char *type;     /* "QPS" or "Daily-limit" */
    int64_t limit, remaining;
    char retry_after[24];  /* seconds, or a UTC timestamp for daily limits */
    const char *message;   /* Zoom's 429 message */
    int applies;           /* 0 when limits are off for the account: send no headers */
};

void ratelimit_set_default(enum ratelimit_mode mode);
/* Loads the accounts' own settings (at start). */
int ratelimit_load(struct db *db);
int ratelimit_sync_subscribe(void); /* accounts' settings in step with other nodes (core/sync.h) */
/* An account's own setting: "zoom", "off", or NULL to follow the default. */
void ratelimit_set_account(const char *account_id, const char *mode);
void ratelimit_free(void);

/* Counts one call of `label` by the account on `plan` and says whether it may go on. */
/* With a PostgreSQL store (nodes may share it) the counts are kept there; with SQLite, in memory. */
void ratelimit_check(struct db *db, const char *account_id, const char *plan, const char *label,
                     struct ratelimit_verdict *v);

/* Whether the per-host daily meeting create/update allowance applies to this account. */
int ratelimit_enabled(const char *account_id);

#endif
