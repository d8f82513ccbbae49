/* The mailbox table: every statement on it, rows out through callbacks. */
#include "market/mail_store.h"
#include "core/db.h"

#include <stddef.h>

#define MAIL_COLUMNS                                                                                              \
    "id, to_user_id, to_email, account_id, app_id, kind, subject, body, smtp_status, smtp_error, attempts, "      \
    "created_at, sent_at"

static void row_from(struct db_stmt *st, struct mail_row *r)
{
    r->id = db_int(st, 0);
    r->to_user_id = db_text(st, 1);
    r->to_email = db_text(st, 2);
    r->account_id = db_text(st, 3);
    r->app_id = db_text(st, 4);
    r->kind = db_text(st, 5);
    r->subject = db_text(st, 6);
    r->body = db_text(st, 7);
    r->smtp_status = db_text(st, 8);
    r->smtp_error = db_text(st, 9);
    r->attempts = (int)db_int(st, 10);
    r->created_at = db_int(st, 11);
    r->sent_at = db_is_null(st, 12) ? 0 : db_int(st, 12);
}

/* Steps every row into fn: the number of rows seen, or -1. */
static int each_row(struct db_stmt *st, int (*fn)(const struct mail_row *row, void *arg), void *arg)
{
    if (!st)
        return -1;
    int rc, n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct mail_row r;
        row_from(st, &r);
        n++;
        if (fn(&r, arg))
            break;
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : n;
}

int mail_store_insert(struct db *db, const struct mail_new *m)
{
    return db_run(db,
                  "INSERT INTO mailbox (to_user_id, to_email, account_id, app_id, kind, subject, body, created_at, "
                  "smtp_status, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "sssssssisi", m->to_user_id, m->to_email, m->account_id, m->app_id, m->kind, m->subject, m->body,
                  m->at, m->smtp_status, m->due_ms) == DB_DONE
               ? 0
               : -1;
}

int mail_store_list(struct db *db, const struct mail_query *q, int (*fn)(const struct mail_row *row, void *arg),
                    void *arg)
{
    int64_t before = q->before_id > 0 ? q->before_id : INT64_MAX;
    struct db_stmt *st =
        db_query(db,
                 "SELECT " MAIL_COLUMNS " FROM mailbox WHERE (? IS NULL OR to_user_id = ?) AND "
                 "(? IS NULL OR app_id = ?) AND id < ? ORDER BY id DESC LIMIT ?",
                 "ssssin", q->to_user_id, q->to_user_id, q->app_id, q->app_id, before, q->limit);
    return each_row(st, fn, arg) < 0 ? -1 : 0;
}

int mail_store_get(struct db *db, int64_t id, int (*fn)(const struct mail_row *row, void *arg), void *arg)
{
    int n = each_row(db_query(db, "SELECT " MAIL_COLUMNS " FROM mailbox WHERE id = ?", "i", id), fn, arg);
    return n < 0 ? -1 : n > 0;
}

int mail_store_claim(struct db *db, int64_t now_ms, int64_t lease_ms, int (*fn)(const struct mail_row *row, void *arg),
                     void *arg)
{
    struct db_stmt *st =
        db_query(db,
                 "UPDATE mailbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id IN (SELECT id FROM "
                 "mailbox WHERE smtp_status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
                 "LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " MAIL_COLUMNS,
                 "ii", lease_ms, now_ms);
    int n = each_row(st, fn, arg);
    return n < 0 ? -1 : n > 0;
}

int mail_store_sent(struct db *db, int64_t id, int64_t at)
{
    return db_run(db,
                  "UPDATE mailbox SET smtp_status = 'sent', smtp_error = '', sent_at = ?, next_attempt_at = NULL "
                  "WHERE id = ?",
                  "ii", at, id) == DB_DONE
               ? 0
               : -1;
}

int mail_store_attempt_failed(struct db *db, int64_t id, const char *error, int64_t retry_ms)
{
    return db_run(db,
                  "UPDATE mailbox SET smtp_status = CASE WHEN ? > 0 THEN 'queued' ELSE 'failed' END, smtp_error = ?, "
                  "next_attempt_at = CASE WHEN ? > 0 THEN ? ELSE NULL END WHERE id = ?",
                  "isiii", retry_ms, error, retry_ms, retry_ms, id) == DB_DONE
               ? 0
               : -1;
}
