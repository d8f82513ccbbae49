/* The store of the Marketplace's notifications: the mailbox table. Only
 * market/mail_store.c reads or writes it. Writes return 0 done, -1 failed;
 * lookups 1 found, 0 none, -1 failed. */
#ifndef PLAZA_MAIL_STORE_H
#define PLAZA_MAIL_STORE_H

#include <stdint.h>

struct db;

/* A notice to record (strings borrowed; app_id NULL when none). */
struct mail_new {
    const char *to_user_id, *to_email, *account_id, *app_id;
    const char *kind, *subject, *body;
    const char *smtp_status; /* "not_sent" or "queued" */
    int64_t at;              /* seconds, virtual clock */
    int64_t due_ms;          /* queued: when the first attempt is due */
};

/* A stored notice as its columns (text lives until the callback returns). */
struct mail_row {
    int64_t id;
    const char *to_user_id, *to_email, *account_id, *app_id; /* app_id NULL when none */
    const char *kind, *subject, *body, *smtp_status, *smtp_error;
    int attempts;
    int64_t created_at, sent_at; /* sent_at 0 until sent */
};

/* Which notices to list: newest first, ids below before_id (0: from the newest). */
struct mail_query {
    const char *to_user_id, *app_id; /* NULL: any */
    int64_t before_id;
    int limit;
};

int mail_store_insert(struct db *db, const struct mail_new *m);
/* Calls fn for each notice of the query, newest first, until fn returns non-zero: 0 or -1. */
int mail_store_list(struct db *db, const struct mail_query *q, int (*fn)(const struct mail_row *row, void *arg),
                    void *arg);
int mail_store_get(struct db *db, int64_t id, int (*fn)(const struct mail_row *row, void *arg), void *arg);

/* Claims the oldest queued notice due at now_ms for one attempt: its attempts
 * go up and its next attempt moves to lease_ms, so no other worker takes it
 * meanwhile (FOR UPDATE SKIP LOCKED on PostgreSQL). fn sees the claimed row. */
int mail_store_claim(struct db *db, int64_t now_ms, int64_t lease_ms, int (*fn)(const struct mail_row *row, void *arg),
                     void *arg);
/* The attempt's outcome: sent at `at` (seconds), or an error with the next attempt due at
 * retry_ms (0: no more attempts, the notice failed). */
int mail_store_sent(struct db *db, int64_t id, int64_t at);
int mail_store_attempt_failed(struct db *db, int64_t id, const char *error, int64_t retry_ms);

#endif
